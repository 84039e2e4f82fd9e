// The storefront's strings for addresses (picker, paste-recognise, saved addresses), the coupon
// list at checkout and joining a group (merged under storefront.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  address: {
    pick: '选择省 / 市 / 区', pickTitle: '选择地区', province: '省份', city: '城市', district: '区县', back: '上一级', loading: '加载中…', loadFailed: '地区加载失败，请重试',
    paste: '粘贴地址自动识别', pasteHint: '把聊天里的收件人、电话、地址整段粘贴到这里', pastePlaceholder: '如：张三 13800138000 浙江省杭州市西湖区文三路100号',
    recognise: '识别', recognised: '已识别并填入，请核对', recogniseFailed: '识别失败，请稍后再试',
    issues: {
      phone_missing: '没有找到手机号', phone_multiple: '有多个手机号，已用第一个', name_missing: '没有找到收件人姓名', region_missing: '没有识别出省市区，请手动选择',
      region_ambiguous: '区县名重名，请核对省份和城市', detail_missing: '没有找到详细地址',
    },
    saved: '常用地址', use: '使用', inUse: '正在使用', remove: '删除', removeConfirm: '确认删除', cancel: '取消', removed: '已删除该地址', save: '保存为常用地址，下次下单直接选',
  },
  couponList: {
    title: '可用优惠券', none: '暂无可用的优惠券', best: '最优', off: '立减 {{amount}}', threshold: '满 {{threshold}} 可用', noThreshold: '无门槛',
    percent: '{{zhe}} 折', percentMax: '最高减 {{max}}', bogo: '同款第二件免费', bogoFace: '买一送一', until: '{{date}} 到期', short: '还差 {{gap}} 可用', chosen: '已选', choose: '选用',
    typeCode: '有优惠码？', notUse: '不使用优惠券',
  },
  groupJoin: {
    openGroups: '正在拼的团', short: '还差 {{count}} 人', join: '参团', leaderGroup: '{{name}} 的团', endsIn: '剩余 {{time}}', joinTitle: '参加 {{name}} 的团', none: '还没有人开团，来发起第一个吧',
  },
}, {
  address: {
    pick: 'Choose province / city / district', pickTitle: 'Choose the area', province: 'Province', city: 'City', district: 'District', back: 'Back', loading: 'Loading…', loadFailed: 'Could not load the areas; please try again',
    paste: 'Paste an address to fill in', pasteHint: 'Paste the name, phone and address from the chat in one go', pastePlaceholder: 'e.g. Zhang San 13800138000 浙江省杭州市西湖区文三路100号',
    recognise: 'Fill in', recognised: 'Filled in; please check', recogniseFailed: 'Could not read it; please try again later',
    issues: {
      phone_missing: 'No mobile number found', phone_multiple: 'Several mobile numbers; the first is used', name_missing: 'No recipient name found', region_missing: 'Province, city or district not recognised; please choose them',
      region_ambiguous: 'The district name exists in several cities; please check the province and city', detail_missing: 'No street address found',
    },
    saved: 'Saved addresses', use: 'Use', inUse: 'In use', remove: 'Delete', removeConfirm: 'Delete', cancel: 'Cancel', removed: 'Address deleted', save: 'Save this address for my next order',
  },
  couponList: {
    title: 'Coupons you can use', none: 'No coupons for this order', best: 'Best', off: '{{amount}} off', threshold: 'On orders from {{threshold}}', noThreshold: 'No minimum',
    percent: '{{pct}}% off', percentMax: 'up to {{max}}', bogo: 'Second of the same item free', bogoFace: 'Buy 1 get 1', until: 'Until {{date}}', short: '{{gap}} more to use it', chosen: 'Chosen', choose: 'Use',
    typeCode: 'Have a code?', notUse: 'No coupon',
  },
  groupJoin: {
    openGroups: 'Open groups', short_one: '1 more needed', short_other: '{{count}} more needed', join: 'Join', leaderGroup: '{{name}}’s group', endsIn: '{{time}} left', joinTitle: 'Join {{name}}’s group', none: 'No group yet: start the first one',
  },
});

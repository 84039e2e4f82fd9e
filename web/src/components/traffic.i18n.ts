// Strings of storefront traffic and CSV export (merged under traffic.*).
import { addAreaStrings } from '../lib/i18n-area.ts';

addAreaStrings('traffic', {
  title: '流量与转化（近 7 天）', visitors: '访客', views: '浏览', buyingVisitors: '下单访客', conversion: '转化率', conversionHint: '下单访客 ÷ 访客',
  channel: '渠道', orders: '订单', sales: '销售额', salesYuan: '销售额（元）', none: '近 7 天还没有访客', csv: '导出 CSV',
  channels: { group: '微信群', moments: '朋友圈', private: '私聊', other: '其他', direct: '无分享链接（含代下单）' },
}, {
  title: 'Traffic and conversion (last 7 days)', visitors: 'Visitors', views: 'Views', buyingVisitors: 'Visitors who bought', conversion: 'Conversion', conversionHint: 'visitors who bought ÷ visitors',
  channel: 'Channel', orders: 'Orders', sales: 'Sales', salesYuan: 'Sales (yuan)', none: 'No visitors in the last 7 days', csv: 'Export CSV',
  channels: { group: 'Group chat', moments: 'Moments', private: 'Private chat', other: 'Other', direct: 'No share link (incl. orders resellers placed)' },
});

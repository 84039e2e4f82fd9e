// 我的数据 and 销售战报, merged under reseller.data.* and reseller.report.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('reseller', {
  titles: { data: '我的数据', report: '销售战报' },
  data: {
    menuNote: '销售、访客、转化', today: '今日', lastDays: '近 {{n}} 天', sales: '销售额', margin: '利润', orders: '订单', visitors: '访客', buyers: '买家', conversion: '转化率', conversionHint: '转化率：店铺访客中下单付款的人数 ÷ 访客数（你代客下的单不算访客）',
    vs: '箭头对比前 {{n}} 天', new: '新增', curve: '每日销售与访客', chartLabel: '每日销售额与访客数', channels: '渠道效果', channel: '渠道', noChannels: '还没有渠道数据，分享一条链接试试',
    channelNames: { group: '微信群', moments: '朋友圈', private: '私聊', other: '其他', direct: '直接访问及代下单' },
    top: '热卖商品', noSales: '这段时间还没有成交', units: '{{n}} 件',
  },
  buyers: {
    tab: '买过的客户', book: '通讯录', filter: '按标签筛选', all: '全部', none: '还没有客户下单', bound: '保护至 {{date}}', summary: '{{orders}} 单 · {{units}} 件 · {{spent}}',
    last: '最近 {{date}}', sizes: '尺码：', child: '孩子约 {{min}}–{{max}} 岁', brands: '常买：', history: '看订单',
    tags: { price_sensitive: '价格敏感', brand_loyal: '品牌忠实', return_prone: '爱退货', big_spender: '高消费', repeat_buyer: '回头客', new_customer: '新客', dormant: '沉睡', has_children: '有娃' },
  },
  report: {
    open: '战报', sold: '已售', sellThrough: '售罄率', buyers: '买家', resellers: '代购在卖', soldOut: '已售罄 {{n}} 款',
    peak: '最火 10 分钟：{{time}} 售出 {{n}} 件', top: '热销 TOP 5', curve: '累计销量', copy: '复制战报文案', image: '战报图片', saveImage: '保存战报图片', copied: '战报已复制，去群里晒一晒吧',
    text: '【{{brand}} 销售战报】{{title}}\n🔥 {{headline}}\n已售 {{sold}} 件，售罄率 {{rate}}，{{buyers}} 位买家抢到\n{{top}}\n手慢无，速来：{{link}}',
    topLine: '热卖：{{items}}', none: '还没有成交，开场后这里会实时更新',
  },
}, {
  titles: { data: 'My figures', report: 'Battle report' },
  data: {
    menuNote: 'Sales, visitors, conversion', today: 'Today', lastDays: 'Last {{n}} days', sales: 'Sales', margin: 'Profit', orders: 'Orders', visitors: 'Visitors', buyers: 'Buyers', conversion: 'Conversion', conversionHint: 'Conversion: shop visitors who ordered and paid ÷ visitors (orders you place for customers have no visitor)',
    vs: 'Arrows compare with the {{n}} days before', new: 'New', curve: 'Sales and visitors by day', chartLabel: 'Sales and visitors by day', channels: 'By channel', channel: 'Channel', noChannels: 'No channel figures yet — share a link',
    channelNames: { group: 'Group chat', moments: 'Moments', private: 'Private chat', other: 'Other', direct: 'No link, and orders you placed' },
    top: 'Best sellers', noSales: 'No sales in this period yet', units: '{{n}} pcs',
  },
  buyers: {
    tab: 'Buyers', book: 'Address book', filter: 'Filter by tag', all: 'All', none: 'No customer has ordered yet', bound: 'Protected until {{date}}', summary: '{{orders}} orders · {{units}} pcs · {{spent}}',
    last: 'Last {{date}}', sizes: 'Sizes: ', child: 'Child about {{min}}–{{max}}', brands: 'Buys: ', history: 'Orders',
    tags: { price_sensitive: 'Price-sensitive', brand_loyal: 'Brand-loyal', return_prone: 'Returns often', big_spender: 'Big spender', repeat_buyer: 'Repeat buyer', new_customer: 'New', dormant: 'Dormant', has_children: 'Has children' },
  },
  report: {
    open: 'Report', sold: 'Sold', sellThrough: 'Sell-through', buyers: 'Buyers', resellers: 'Resellers selling', soldOut: '{{n}} SKUs sold out',
    peak: 'Busiest 10 minutes: {{n}} sold at {{time}}', top: 'Top 5', curve: 'Units sold so far', copy: 'Copy the report', image: 'Report image', saveImage: 'Save the image', copied: 'Copied — share it in your groups',
    text: '[{{brand}} battle report] {{title}}\n🔥 {{headline}}\n{{sold}} sold, {{rate}} sell-through, {{buyers}} buyers\n{{top}}\nDon’t miss out: {{link}}',
    topLine: 'Hot: {{items}}', none: 'No sales yet — this updates live once the sale opens',
  },
});

// The brand portal's presale strings (merged under brand.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('brand', {
  presales: {
    nav: '预售', heading: '预售 · 以销定产', intro: '预售期间消费者先下单付款；截止时达到起订量即向您下达生产单，未达到则全部自动退款。',
    none: '暂无预售', event: '档期', moq: '起订量', deadline: '截止时间', progress: '进度', paid: '已付款件数', pending: '待付款', status: '状态', shipDate: '承诺发货日',
    statuses: { collecting: '收集中', confirmed: '已成单', failed: '未达量' },
    detail: '查看需求', back: '返回预售列表', toMoq: '起订量进度', moqMark: '起订量 {{n}}', reached: '已达起订量', remaining: '还差 {{n}} 件',
    moqChart: '起订量进度', bySizeChart: '各尺码需求', bySizeLabel: '各尺码已付款与待付款件数', moqLabel: '已付款件数与起订量',
    skuTable: '各 SKU 需求', product: '商品', colour: '颜色', size: '尺码', capacity: '可售上限',
    productionOrders: '生产单', po: '生产单', units: '件数', lines: '明细', acknowledge: '确认接单', acknowledged: '已确认', issued: '待确认', noPo: '暂无生产单',
    acknowledgedAt: '确认于 {{time}}', willShip: '请于 {{date}} 前发货到平台仓', cancelled: '已取消',
    amended: '平台客服于 {{time}} 取消了部分订单，件数已按最新明细调整', poCancelled: '平台客服于 {{time}} 取消了全部订单，此生产单作废',
  },
}, {
  presales: {
    nav: 'Presales', heading: 'Presales · made to order', intro: 'Consumers order and pay first; at the deadline, reaching the minimum sends you a production order, otherwise every order is refunded automatically.',
    none: 'No presales yet', event: 'Event', moq: 'Minimum (MOQ)', deadline: 'Deadline', progress: 'Progress', paid: 'Paid units', pending: 'Awaiting payment', status: 'Status', shipDate: 'Committed ship date',
    statuses: { collecting: 'Collecting', confirmed: 'Confirmed', failed: 'Missed' },
    detail: 'See demand', back: 'Back to presales', toMoq: 'Progress to the minimum', moqMark: 'Minimum {{n}}', reached: 'Minimum reached', remaining: '{{n}} more needed',
    moqChart: 'Progress to the minimum', bySizeChart: 'Demand by size', bySizeLabel: 'Paid and pending units by size', moqLabel: 'Paid units against the minimum',
    skuTable: 'Demand per SKU', product: 'Product', colour: 'Colour', size: 'Size', capacity: 'Cap',
    productionOrders: 'Production orders', po: 'Production order', units: 'Units', lines: 'Lines', acknowledge: 'Acknowledge', acknowledged: 'Acknowledged', issued: 'To acknowledge', noPo: 'No production orders yet',
    acknowledgedAt: 'acknowledged {{time}}', willShip: 'Ship to the platform warehouse by {{date}}', cancelled: 'Cancelled',
    amended: 'Customer service cancelled orders on {{time}}; the units below are the current ones', poCancelled: 'Customer service cancelled every order on {{time}}; this production order is void',
  },
});

// The console's group-buy and presale strings (merged under console.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { campaigns: '拼团与预售' },
  campaigns: {
    title: '拼团与预售', groupBuys: '拼团', presales: '预售（以销定产）', newOffer: '新建拼团', newPresale: '新建预售',
    event: '档期', sku: '商品 SKU', size: '成团人数', groupPrice: '拼团价（元）', hours: '成团时限（小时）', basePrice: '平台价', tagPrice: '吊牌价',
    groups: '团', members: '参团人数', open: '拼团中', full: '满员待付', succeeded: '成功', failed: '失败', noOffers: '还没有拼团', noPresales: '还没有预售',
    moq: '起订量（件）', deadline: '截止时间', shipDays: '发货天数', progress: '进度', status: '状态', shipDate: '承诺发货日', eventTitle: '档期',
    offerHint: '顾客通过代购的链接开团、分享、参团；时限内凑齐并全部付款即成团，否则全部自动退款。', presaleHint: '档期内的订单先收款；截止时已付款件数达到起订量即向品牌下生产单（截止日 + 发货天数为承诺发货日），否则全部自动退款。事件须尚未有订单。',
    noGroups: '还没有团', po: '生产单', poStatus: { issued: '已下达，待品牌确认', acknowledged: '品牌已确认', cancelled: '已作废（订单全部取消）' }, openedAt: '开团时间', who: '团员（团长★）', chooseEvent: '请选择档期', chooseSku: '请选择 SKU', submit: '创建', invalid: '请填写有效的数字',
    statuses: { collecting: '收集中', confirmed: '已成单', failed: '未达量' },
  },
}, {
  nav: { campaigns: 'Group buys & presales' },
  campaigns: {
    title: 'Group buys & presales', groupBuys: 'Group buys', presales: 'Presales (made to order)', newOffer: 'New group buy', newPresale: 'New presale',
    event: 'Event', sku: 'SKU', size: 'Group size', groupPrice: 'Group price (¥)', hours: 'Time limit (hours)', basePrice: 'Base price', tagPrice: 'Tag price',
    groups: 'Groups', members: 'Members', open: 'Filling', full: 'Full, unpaid', succeeded: 'Succeeded', failed: 'Failed', noOffers: 'No group buys yet', noPresales: 'No presales yet',
    moq: 'MOQ (units)', deadline: 'Deadline', shipDays: 'Days to ship', progress: 'Progress', status: 'Status', shipDate: 'Committed ship date', eventTitle: 'Event',
    offerHint: 'A consumer opens a group through a reseller link and shares it; filled and paid in time → it succeeds, otherwise everyone is refunded automatically.', presaleHint: 'Orders on the event are paid first; at the deadline, paid units at or above the MOQ send the brand a production order (deadline + days to ship is the committed date), otherwise everything is refunded. The event must have no orders yet.',
    noGroups: 'No groups yet', po: 'Production order', poStatus: { issued: 'Issued, awaiting the brand', acknowledged: 'Acknowledged by the brand', cancelled: 'Void (every order cancelled)' }, openedAt: 'Opened', who: 'Members (★ leader)', chooseEvent: 'Choose an event', chooseSku: 'Choose a SKU', submit: 'Create', invalid: 'Enter a valid number',
    statuses: { collecting: 'Collecting', confirmed: 'Confirmed', failed: 'Missed' },
  },
});

// The console's strings for the list of flash items across events (限时抢购), merged under console.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { flashList: '限时抢购' },
  flashList: {
    title: '限时抢购', subtitle: '所有档期的秒杀商品：价格、限购、已抢与已付款、剩余，以及开抢和结束时间。点档期名称进入该档期的秒杀管理。',
    all: '全部（{{n}}）', phase: { upcoming: '未开始（{{n}}）', on_sale: '抢购中（{{n}}）', sold_out: '已抢光（{{n}}）', ended: '已结束（{{n}}）' },
    phases: '按状态筛选', brand: '品牌', none: '还没有秒杀商品', noMatch: '没有符合条件的秒杀商品', onlyEvent: '仅看档期：{{title}}', clearEvent: '看全部档期',
    columns: { event: '档期', item: '商品', price: '秒杀价', limits: '限购（人/店）', figures: '已抢 / 已付款 / 剩余', window: '开抢 — 结束', phase: '状态' },
    figures: '{{claimed}} / {{sold}} / {{left}}', ofQuantity: '共 {{n}} 件', limits: '{{buyer}} / {{reseller}}',
  },
}, {
  nav: { flashList: 'Flash sales' },
  flashList: {
    title: 'Flash sales', subtitle: 'Flash items of every event: price, limits, grabbed and paid, left, and when each starts and ends. Open an event’s title to manage its flash items.',
    all: 'All ({{n}})', phase: { upcoming: 'Upcoming ({{n}})', on_sale: 'On sale ({{n}})', sold_out: 'Sold out ({{n}})', ended: 'Ended ({{n}})' },
    phases: 'Filter by status', brand: 'Brand', none: 'No flash items yet', noMatch: 'No flash items match', onlyEvent: 'Event: {{title}}', clearEvent: 'All events',
    columns: { event: 'Event', item: 'Item', price: 'Flash price', limits: 'Limits (buyer/shop)', figures: 'Grabbed / paid / left', window: 'Starts — ends', phase: 'Status' },
    figures: '{{claimed}} / {{sold}} / {{left}}', ofQuantity: 'of {{n}}', limits: '{{buyer}} / {{reseller}}',
  },
});

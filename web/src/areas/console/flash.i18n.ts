// The console's flash-sale (秒杀) strings (merged under console.flash.*).
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  flash: {
    title: '秒杀（{{n}}）', hint: '秒杀商品只能通过秒杀页抢购：限量、限购，抢到后短时间内付款，超时名额自动释放。', none: '本档期还没有秒杀商品',
    create: '新建秒杀', createTitle: '新建秒杀商品', submit: '创建秒杀', sku: '档期商品', chooseSku: '选择一个 SKU', price: '秒杀价（元）', quantity: '秒杀数量',
    perBuyer: '每人限购', perReseller: '每店限购', startsAt: '开抢时间', endsAt: '结束时间（留空则到档期结束）', invalid: '请输入有效的数值',
    skuHint: '平台价 {{base}} · 吊牌价 {{tag}} · 可用 {{available}} 件', already: '已在秒杀',
    columns: { item: '商品', price: '秒杀价', basePrice: '平台价', quantity: '数量', claimed: '已抢', left: '剩余', phase: '状态', limits: '限购（人/店）', startsAt: '开抢', selling: '抢购速度' },
    phase: { upcoming: '未开始', on_sale: '抢购中', sold_out: '已抢光', ended: '已结束' },
    soldIn: '{{n}} 件 {{m}} 分钟抢光', soldInSeconds: '{{n}} 件 {{s}} 秒抢光', sellingFor: '开抢 {{m}} 分钟', chart: '每分钟抢购件数', units: '件数', noClaims: '还没有人抢购',
  },
}, {
  flash: {
    title: 'Flash sales ({{n}})', hint: 'Flash items sell only through their flash page: limited units, per-person limits, a short hold to pay; unpaid units go back automatically.', none: 'No flash items in this event yet',
    create: 'New flash item', createTitle: 'New flash item', submit: 'Create flash item', sku: 'Event item', chooseSku: 'Choose a SKU', price: 'Flash price (¥)', quantity: 'Flash quantity',
    perBuyer: 'Limit per buyer', perReseller: 'Limit per shop', startsAt: 'Starts at', endsAt: 'Ends at (empty: when the event ends)', invalid: 'Enter a valid number',
    skuHint: 'Base price {{base}} · tag {{tag}} · {{available}} available', already: 'on flash sale',
    columns: { item: 'Item', price: 'Flash price', basePrice: 'Base price', quantity: 'Quantity', claimed: 'Grabbed', left: 'Left', phase: 'Status', limits: 'Limits (buyer/shop)', startsAt: 'Starts', selling: 'Speed' },
    phase: { upcoming: 'Upcoming', on_sale: 'On sale', sold_out: 'Sold out', ended: 'Ended' },
    soldIn: '{{n}} sold out in {{m}} min', soldInSeconds: '{{n}} sold out in {{s}} s', sellingFor: '{{m}} min selling', chart: 'Units grabbed per minute', units: 'Units', noClaims: 'Nobody has grabbed yet',
  },
});

// Strings of the reseller app, under reseller.*: zh-CN first (the app's voice is a 代购's), en second.
import { addAreaStrings } from '../../lib/i18n-area.ts';

const zh = {
  appTitle: '爱清仓 · 代购',
  loginTitle: '代购登录',
  notFound: '页面不存在',
  tabs: { events: '档期', orders: '订单', customers: '客户', me: '我的' },
  titles: { events: '今日档期', event: '档期详情', draft: '代下单', orders: '我的订单', order: '订单详情', customers: '我的客户', me: '我的' },
  events: {
    live: '热卖中', upcoming: '即将开始', liveTitle: '正在热卖（{{n}}）', upcomingTitle: '即将开始（{{n}}）',
    none: '暂时没有档期，晚点再来看看', noLive: '当前没有进行中的档期',
    products: '{{n}} 款', stockLeft: '剩 {{n}} 件', sold: '已售 {{n}} 件',
    pickFor: '选择一个档期，为「{{name}}」下单',
  },
  event: {
    markup: '加价区间 {{min}}–{{max}}，建议 {{suggested}}',
    productsTitle: '商品（{{n}}）', sizes: '颜色与尺码',
    tagPrice: '吊牌价', basePrice: '平台价', myPrice: '我的售价', priceSlider: '{{name}} 售价滑块',
    window: '可设 {{min}}–{{max}}', profitEach: '每件赚 {{amount}}（{{pct}}）',
    priceInvalid: '请输入 {{min}}–{{max}} 之间的价格', savePrice: '保存售价', saved: '售价已保存，分享链接按新价格展示',
    soldOut: '售罄', left: '剩{{n}}',
  },
  paste: {
    title: '粘贴顾客消息，一键下单', hint: '把顾客发来的姓名、电话、地址和要的款式整段粘贴进来，自动识别成订单',
    placeholder: '例：张三 13800138000 上海市浦东新区XX路88号 黑色M码两件', submit: '识别并下单', manual: '手动填写',
    reparse: '重新识别', parsing: '识别中…',
  },
  draft: {
    recognised: '识别结果', found: '识别出 {{n}} 件商品，请核对收件信息后下单', confidence: '完整度 {{pct}}%', unparsed: '未识别内容', ambiguous: '对应多个商品，请选择：', noMatch: '本档期没有完全对应的款式，可选同尺码或同色：',
    consumer: '收件信息', name: '收件人', phone: '手机号', province: '省份', city: '城市', district: '区县', detail: '详细地址',
    saveToBook: '同时保存到我的客户', fromBook: '从客户中选择', items: '商品', noLines: '还没有商品，请添加', chooseSku: '选择商品、颜色和尺码', sku: '商品',
    qty: '数量', less: '减少一件', more: '增加一件', remove: '删除', addLine: '+ 添加商品',
    customerPays: '顾客应付（我的售价）', walletPays: '钱包支付（平台价）', walletPaid: '钱包已付（平台价）', profit: '我的利润', walletBalance: '钱包余额',
    short: '钱包余额还差 {{amount}}', notOnSale: '档期未开始或已结束，暂不能下单', topUp: '去充值',
    placeAndPay: '下单并用钱包支付 {{amount}}', place: '下单并用钱包支付', placing: '下单中…', placedTitle: '下单成功，已从钱包支付',
    viewOrder: '查看订单', another: '继续下单',
    err: {
      required: '必填', tooLong: '内容太长', phone: '请输入11位手机号', noLines: '请至少添加一件商品', chooseSku: '请选择商品', quantity: '数量为1–99件',
      stock: '库存不足，仅剩 {{n}} 件', tags: '标签最多20个，每个不超过20字',
    },
  },
  share: {
    product: '分享', event: '分享档期', productTitle: '分享商品', eventTitle: '分享档期', copyLabel: '文案（可修改）', copy: '复制文案和链接', copyLink: '复制链接',
    copied: '已复制，去微信粘贴给顾客吧', copyFailed: '复制失败，请长按文字手动复制', tip: '顾客打开链接看到的是你的售价，下单后利润自动计入你的收益',
    pHead: '【{{brand}}】{{name}}', pPrice: '到手价 {{price}}（吊牌价 {{tag}}）', pSizes: '可选尺码：{{sizes}}',
    eHead: '【{{title}}】', eFrom: '共 {{n}} 款，低至 {{price}}', when: '{{when}}，手慢无！', link: '下单链接：{{link}}',
    endsIn: '限时特卖，还剩{{span}}', startsIn: '{{span}}后开抢', ended: '本场已结束',
    dh: '{{d}}天{{h}}小时', hm: '{{h}}小时{{m}}分', m: '{{m}}分钟',
  },
  orders: {
    all: '全部', filter: '按状态筛选', none: '还没有订单', noConsumer: '顾客', units: '{{n}} 件', kindReseller: '代下单', kindStorefront: '顾客自购',
    detail: '订单详情', item: '商品', base: '平台价合计', payMethod: '支付方式', pay: { wallet: '钱包', provider: '在线支付' },
    paidAt: '支付时间', cancelledAt: '取消时间', reason: '取消原因', cancel: '取消订单', cancelTitle: '取消订单',
    cancelHint: '取消后库存会释放。', cancelPaidHint: '取消后库存会释放，已付款项原路退回（钱包支付退回钱包）。',
    reasons: ['顾客不想要了', '尺码选错了', '地址填错了', '重复下单'], reasonRequired: '请填写取消原因（200字以内）',
    confirmCancel: '确认取消', cancelled: '订单已取消',
  },
  customers: {
    add: '新增客户', added: '客户已保存', none: '还没有客户，下单时可一键保存', noMatch: '没有找到匹配的客户', searchHint: '搜索姓名或手机号',
    orderFor: '为TA下单', pick: '选择客户', tags: '标签（可选）', tagsHint: '用逗号分隔，如：老客户, 宝妈',
  },
  me: {
    wallet: '钱包余额', topup: '充值', pending: '待结算收益', available: '可提现收益', earningsHint: '订单签收后，待结算收益转为可提现',
    shareCode: '店铺码', copyShop: '复制店铺链接', today: '今日数据', sales: '销售额', margin: '利润', orders: '订单', units: '件数', customers: '顾客',
    topupTitle: '钱包充值', amount: '充值金额（元）', amountInvalid: '充值金额为 {{min}}–{{max}}', payTopup: '去支付 {{amount}}', toGateway: '正在打开收银台…',
    gatewayHint: '将跳转到支付页面，支付完成后返回本页查看到账情况',
    topupOf: '充值 {{amount}}', topupWaiting: '正在确认支付结果…', topupCredited: '钱包余额已更新', topupFailed: '支付未成功，可重新充值', topupSlow: '暂未收到支付结果，请稍后刷新查看',
    topupDone: '充值成功，{{amount}} 已到账', topupStatus: { pending: '处理中', succeeded: '已到账', failed: '失败' },
    backToOrder: '充值后回到刚才的订单继续支付', continue: '继续下单',
  },
};

const en: typeof zh = {
  appTitle: 'Sellthrough · Reseller',
  loginTitle: 'Reseller login',
  notFound: 'Page not found',
  tabs: { events: 'Events', orders: 'Orders', customers: 'Customers', me: 'Me' },
  titles: { events: 'Sale events', event: 'Event', draft: 'Order for a customer', orders: 'My orders', order: 'Order', customers: 'My customers', me: 'Me' },
  events: {
    live: 'Live', upcoming: 'Upcoming', liveTitle: 'Live now ({{n}})', upcomingTitle: 'Coming up ({{n}})',
    none: 'No events right now. Check back later.', noLive: 'No event is live right now',
    products: '{{n}} styles', stockLeft: '{{n}} left', sold: '{{n}} sold',
    pickFor: 'Choose an event to order for {{name}}',
  },
  event: {
    markup: 'Markup window {{min}}–{{max}}, suggested {{suggested}}',
    productsTitle: 'Products ({{n}})', sizes: 'Colours and sizes',
    tagPrice: 'Tag price', basePrice: 'Base price', myPrice: 'My price', priceSlider: 'Price slider for {{name}}',
    window: 'Allowed {{min}}–{{max}}', profitEach: 'Profit {{amount}} each ({{pct}})',
    priceInvalid: 'Enter a price between {{min}} and {{max}}', savePrice: 'Save price', saved: 'Price saved; your links show the new price',
    soldOut: 'Sold out', left: '{{n}} left',
  },
  paste: {
    title: 'Paste a customer’s message to order', hint: 'Paste the name, phone, address and items your customer sent; we turn it into an order',
    placeholder: 'e.g. 张三 13800138000 上海市浦东新区XX路88号 黑色M码两件', submit: 'Read and order', manual: 'Fill in by hand',
    reparse: 'Read again', parsing: 'Reading…',
  },
  draft: {
    recognised: 'What we read', found: '{{n}} item(s) found; check the recipient, then place the order', confidence: '{{pct}}% complete', unparsed: 'Not recognised', ambiguous: 'fits several products; choose one:', noMatch: 'no exact match in this event; same size or colour:',
    consumer: 'Recipient', name: 'Name', phone: 'Mobile', province: 'Province', city: 'City', district: 'District', detail: 'Street address',
    saveToBook: 'Also save to my customers', fromBook: 'Choose a customer', items: 'Items', noLines: 'No items yet; add one', chooseSku: 'Choose product, colour and size', sku: 'Item',
    qty: 'Qty', less: 'One fewer', more: 'One more', remove: 'Remove', addLine: '+ Add item',
    customerPays: 'Customer pays (my price)', walletPays: 'Wallet pays (base price)', walletPaid: 'Paid from wallet (base price)', profit: 'My profit', walletBalance: 'Wallet balance',
    short: 'Your wallet is {{amount}} short', notOnSale: 'This event is not on sale; orders cannot be placed', topUp: 'Top up',
    placeAndPay: 'Place and pay {{amount}} from wallet', place: 'Place and pay from wallet', placing: 'Placing…', placedTitle: 'Order placed and paid from your wallet',
    viewOrder: 'View order', another: 'New order',
    err: {
      required: 'Required', tooLong: 'Too long', phone: 'Enter an 11-digit mainland mobile number', noLines: 'Add at least one item', chooseSku: 'Choose an item', quantity: 'Quantity is 1–99',
      stock: 'Not enough stock: {{n}} left', tags: 'At most 20 tags of up to 20 characters',
    },
  },
  share: {
    product: 'Share', event: 'Share event', productTitle: 'Share product', eventTitle: 'Share event', copyLabel: 'Message (you can edit it)', copy: 'Copy message and link', copyLink: 'Copy link',
    copied: 'Copied. Paste it into the chat with your customer', copyFailed: 'Could not copy; press and hold the text to copy it', tip: 'Customers see your price; your profit is credited automatically',
    pHead: '[{{brand}}] {{name}}', pPrice: 'Now {{price}} (tag price {{tag}})', pSizes: 'Sizes: {{sizes}}',
    eHead: '[{{title}}]', eFrom: '{{n}} styles from {{price}}', when: '{{when}}. Don’t miss out!', link: 'Order here: {{link}}',
    endsIn: 'Flash sale ends in {{span}}', startsIn: 'Starts in {{span}}', ended: 'This sale has ended',
    dh: '{{d}}d {{h}}h', hm: '{{h}}h {{m}}m', m: '{{m}} min',
  },
  orders: {
    all: 'All', filter: 'Filter by status', none: 'No orders yet', noConsumer: 'Customer', units: '{{n}} items', kindReseller: 'Placed by me', kindStorefront: 'Via my link',
    detail: 'Order details', item: 'Item', base: 'Base price total', payMethod: 'Paid with', pay: { wallet: 'Wallet', provider: 'Online payment' },
    paidAt: 'Paid', cancelledAt: 'Cancelled', reason: 'Reason', cancel: 'Cancel order', cancelTitle: 'Cancel order',
    cancelHint: 'Cancelling releases the stock.', cancelPaidHint: 'Cancelling releases the stock and refunds the payment (wallet payments go back to the wallet).',
    reasons: ['Customer changed their mind', 'Wrong size', 'Wrong address', 'Duplicate order'], reasonRequired: 'Give a reason (up to 200 characters)',
    confirmCancel: 'Cancel this order', cancelled: 'Order cancelled',
  },
  customers: {
    add: 'Add customer', added: 'Customer saved', none: 'No customers yet. Save one when you place an order.', noMatch: 'No matching customer', searchHint: 'Search name or mobile',
    orderFor: 'Order for', pick: 'Choose a customer', tags: 'Tags (optional)', tagsHint: 'Comma-separated, e.g. regular, new mum',
  },
  me: {
    wallet: 'Wallet balance', topup: 'Top up', pending: 'Pending earnings', available: 'Available earnings', earningsHint: 'Pending earnings become available once orders are delivered',
    shareCode: 'Shop code', copyShop: 'Copy shop link', today: 'Today', sales: 'Sales', margin: 'Profit', orders: 'Orders', units: 'Items', customers: 'Customers',
    topupTitle: 'Top up wallet', amount: 'Amount (yuan)', amountInvalid: 'Top-ups are {{min}}–{{max}}', payTopup: 'Pay {{amount}}', toGateway: 'Opening checkout…',
    gatewayHint: 'You will go to the payment page; come back here afterwards to see the money arrive',
    topupOf: 'Top-up {{amount}}', topupWaiting: 'Confirming the payment…', topupCredited: 'Your wallet balance is updated', topupFailed: 'The payment did not go through; you can try again', topupSlow: 'No payment result yet; refresh later',
    topupDone: 'Top-up done: {{amount}} added', topupStatus: { pending: 'Processing', succeeded: 'Credited', failed: 'Failed' },
    backToOrder: 'Topped up? Go back to your order and pay', continue: 'Back to order',
  },
};

addAreaStrings('reseller', zh, en);

// The brand portal's purchase-order strings (采购单: confirm a ship date, export, shortages after
// receiving, drop-ship), merged under brand.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('brand', {
  po: {
    nav: '采购单', heading: '采购单', back: '返回采购单列表', none: '暂无采购单',
    explain: '档期结束后，平台按已付款的件数向您下达采购单。请确认发货日期，按采购单备货并整批发往平台仓库；品牌直发的采购单由您按订单直接发给消费者。',
    statusLabel: '状态', all: '全部', event: '档期', mode: '履约方式', units: '件数', poNo: '采购单号', shipDate: '发货日期', issuedAt: '下达时间', receivedAt: '平台收货完成',
    waveN: '第 {{n}} 批', toConfirm: '待确认', shown: '已显示 {{count}} 张采购单', exportCsv: '导出 CSV', lines: '采购明细', barcode: '条码',
    ordered: '采购件数', received: '良品到货', damaged: '破损', short: '短缺（含破损）', over: '多到',
    modes: { warehouse: '发往平台仓', drop_ship: '品牌直发' },
    status: { issued: '待确认', confirmed: '已确认', receiving: '平台收货中', received: '平台已收货', shipped: '已发货' },
    confirmTitle: '确认发货日期', changeTitle: '修改发货日期', confirm: '确认', saving: '提交中…', confirmed: '已确认：{{date}} 发货',
    confirmHint: '请选择将整批货物发往平台仓库的日期（不早于今天，北京时间）。', confirmHintDrop: '请选择开始按订单直接发货的日期（不早于今天，北京时间）。',
    dateRequired: '请选择发货日期', notPast: '发货日期不能早于今天',
    warehouseHint: '平台收货后，这里会显示每个 SKU 的到货、破损、短缺与多到件数。',
    receivedSummary: '平台已收货：良品 {{received}} / {{ordered}} 件。', shortSummary: '短缺 {{count}} 件（未到或破损）：对应订单已取消并退款，不计入货款。', overSummary: '多到 {{count}} 件已退回您的货盘。',
    dropTitle: '按订单发货', dropHint: '逐单发出，系统为每单生成运单号，物流轨迹同步给代购和消费者。', dropNone: '该档期暂无已付款订单', shipOrder: '发出此订单', waybill: '运单号',
    carrier: { sandbox: '沙箱快递' },
  },
}, {
  po: {
    nav: 'Purchase orders', heading: 'Purchase orders', back: 'Back to purchase orders', none: 'No purchase orders yet',
    explain: 'When an event ends, the platform sends you a purchase order for the units sold and paid. Confirm a ship date, prepare the goods from it and ship them in bulk to the platform warehouse; on a drop-ship purchase order you ship each order to the consumer yourself.',
    statusLabel: 'Status', all: 'All', event: 'Event', mode: 'Fulfilment', units: 'Units', poNo: 'PO no.', shipDate: 'Ship date', issuedAt: 'Issued', receivedAt: 'Received by the platform',
    waveN: 'Wave {{n}}', toConfirm: 'To confirm', shown: '{{count}} purchase orders shown', exportCsv: 'Export CSV', lines: 'Lines', barcode: 'Barcode',
    ordered: 'Units asked', received: 'Received (good)', damaged: 'Damaged', short: 'Short (incl. damaged)', over: 'Over',
    modes: { warehouse: 'To the platform warehouse', drop_ship: 'Drop-ship' },
    status: { issued: 'To confirm', confirmed: 'Confirmed', receiving: 'Being received', received: 'Received', shipped: 'Shipped' },
    confirmTitle: 'Confirm the ship date', changeTitle: 'Change the ship date', confirm: 'Confirm', saving: 'Saving…', confirmed: 'Confirmed: ships on {{date}}',
    confirmHint: 'The day you ship the goods in bulk to the platform warehouse (today or later, Beijing time).', confirmHintDrop: 'The day you start shipping the orders yourself (today or later, Beijing time).',
    dateRequired: 'Choose a ship date', notPast: 'The ship date cannot be in the past',
    warehouseHint: 'Once the platform has received the goods, each SKU’s received, damaged, short and over units show here.',
    receivedSummary: 'Received by the platform: {{received}} of {{ordered}} units in good condition.', shortSummary: '{{count}} units short (missing or damaged): their orders were cancelled and refunded and are not payable.', overSummary: '{{count}} units over went back to your lot.',
    dropTitle: 'Ship order by order', dropHint: 'Ship each order; each gets a waybill, and its tracking reaches the reseller and the consumer.', dropNone: 'No paid orders in this event', shipOrder: 'Ship this order', waybill: 'Waybill',
    carrier: { sandbox: 'Sandbox Express' },
  },
});

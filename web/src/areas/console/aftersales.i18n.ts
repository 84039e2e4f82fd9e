// The console's after-sales strings (售后: requests, decisions, inspection, return rates), merged
// under console.*; reasons, kinds and states are the shared returns.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  nav: { aftersales: '售后', returns: '售后单', returnRates: '退货率' },
  ret: {
    title: '售后单', subtitle: '顾客和代购提交的退货退款、仅退款申请。默认显示待处理：待审核的申请和仓库已收货待验货的退货。',
    filter: { action: '待处理', all: '全部' }, none: '没有售后单', noneAction: '没有待处理的售后单，干得漂亮',
    returnNo: '售后单号', kind: '类型', reason: '原因', units: '件数', by: '申请人', createdAt: '申请时间', refunded: '退款金额',
    back: '售后单', order: '订单', consumer: '收件人', note: '顾客说明', photos: '凭证照片', noPhotos: '没有照片',
    decidedAt: '审核时间', decision: '审核说明', returnWaybill: '退货运单', receivedAt: '收货时间', inspection: '验货说明',
    lines: '申请商品', product: '商品', asked: '申请件数', accepted: '验收件数', unitPaid: '实付单价（约）',
    decide: {
      title: '审核', hint: '同意后：退货退款会生成顾客寄回仓库的运单；仅退款立即退款。拒绝须写明原因，顾客和代购都能看到。',
      reason: '处理说明', placeholder: '例如：符合七天无理由退货', presets: '常用说明', approve: '同意', approveRefund: '同意并退款 {{amount}}', reject: '拒绝',
      reasonRequired: '拒绝须写明原因', approved: '已同意：已生成退货运单，等待顾客寄回', rejected: '已拒绝', refunded: '已同意并退款 {{amount}}',
      refundOnly: '仅退款：同意后立即按实付退款约 {{amount}}（{{units}} 件），无需寄回。',
    },
    inspect: {
      title: '验货', hint: '按件验收：合格的件数入库并退款，其余退回顾客。一件都不合格时，申请将被拒绝并附上验货说明。',
      early: '退货包裹还未显示签收；若已在仓库柜台收到，也可直接验货。', acceptedOf: '合格（最多 {{n}}）', note: '验货说明', notePlaceholder: '例如：吊牌完好，不影响二次销售',
      willRefund: '将退款 {{units}} 件，约 {{amount}}（按实付分摊，以实际退款为准）。', willReject: '没有合格的件数：申请将被拒绝，商品退回顾客。', sendBack: '{{n}} 件不合格，退回顾客。',
      submitRefund: '确认验货并退款', submitReject: '确认验货并拒绝', noteRequired: '拒绝时请写明验货说明',
      done: '验货完成：已退款 {{amount}}', doneRejected: '验货完成：申请已拒绝',
    },
    rates: {
      title: '退货率', subtitle: '按品牌、档期或 SKU：已退款的退货件数 ÷ 已签收件数，以及售后申请的原因分布。',
      by: { brand: '按品牌', event: '按档期', sku: '按 SKU' }, chart: '退货率与原因分布', unknown: '（未知）',
    },
  },
}, {
  nav: { aftersales: 'After-sales', returns: 'Returns', returnRates: 'Return rates' },
  ret: {
    title: 'Returns', subtitle: 'Return-and-refund and refund-only requests from consumers and resellers. Shown first: what needs action — requests to review and returns received, waiting for inspection.',
    filter: { action: 'Needs action', all: 'All' }, none: 'No returns', noneAction: 'Nothing needs action. Well done',
    returnNo: 'Return no.', kind: 'Type', reason: 'Reason', units: 'Units', by: 'Requested by', createdAt: 'Requested', refunded: 'Refunded',
    back: 'Returns', order: 'Order', consumer: 'Recipient', note: 'Customer’s note', photos: 'Photos', noPhotos: 'No photos',
    decidedAt: 'Reviewed', decision: 'Decision', returnWaybill: 'Return waybill', receivedAt: 'Received', inspection: 'Inspection',
    lines: 'Items', product: 'Product', asked: 'Asked', accepted: 'Accepted', unitPaid: 'Paid per unit (approx.)',
    decide: {
      title: 'Review', hint: 'Approving a return makes the waybill for sending it back to the warehouse; approving a refund-only request refunds it now. A rejection needs a reason, which the consumer and reseller see.',
      reason: 'Reason', placeholder: 'e.g. Within the 7-day no-reason return policy', presets: 'Common reasons', approve: 'Approve', approveRefund: 'Approve and refund {{amount}}', reject: 'Reject',
      reasonRequired: 'Give the reason for rejecting', approved: 'Approved: the return waybill is made; waiting for the consumer to send it back', rejected: 'Rejected', refunded: 'Approved and refunded {{amount}}',
      refundOnly: 'Refund only: approving refunds about {{amount}} ({{units}} units) now, with nothing sent back.',
    },
    inspect: {
      title: 'Inspection', hint: 'Accept unit by unit: accepted units go back into stock and are refunded, the rest go back to the consumer. With none accepted the request is rejected with the inspection note.',
      early: 'The return parcel has not shown as delivered; if it was handed in at the counter, you can inspect it now.', acceptedOf: 'Accepted (up to {{n}})', note: 'Inspection note', notePlaceholder: 'e.g. Tags intact, fit for resale',
      willRefund: 'Refunds {{units}} units, about {{amount}} (in proportion to what was paid; the refund itself is exact).', willReject: 'No unit accepted: the request is rejected and the goods go back to the consumer.', sendBack: '{{n}} not accepted, sent back to the consumer.',
      submitRefund: 'Confirm and refund', submitReject: 'Confirm and reject', noteRequired: 'Say why in the inspection note',
      done: 'Inspected: refunded {{amount}}', doneRejected: 'Inspected: the request was rejected',
    },
    rates: {
      title: 'Return rates', subtitle: 'Per brand, event or SKU: units returned and refunded over units delivered, and the requests by reason.',
      by: { brand: 'By brand', event: 'By event', sku: 'By SKU' }, chart: 'Return rates and reasons', unknown: '(unknown)',
    },
  },
});

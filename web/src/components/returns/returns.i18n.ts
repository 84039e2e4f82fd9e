// After-sales (售后) words every area shares — reasons, kinds, a request's states, the request
// form, line units, the refusals — merged under returns.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('returns', {
  rates: { name: '名称', delivered: '签收件数', returned: '退货件数', rate: '退货率', requests: '售后申请', reasons: '原因分布', total: '合计', none: '暂无售后数据' },
  title: '售后', requestFor: '为顾客申请售后', returnNo: '售后单号', kindLabel: '售后类型', reasonLabel: '售后原因', note: '补充说明', photos: '照片',
  kind: { return: '退货退款', refund_only: '仅退款' },
  kindHint: {
    return: '审核通过后把商品寄回平台仓库，验货后按实付金额原路退款。',
    refund_only: '不用寄回：适用于金额较小的商品，或包裹发出后长时间未送达（丢件）。金额较大时请选择退货退款。',
  },
  reason: {
    size: '尺码不合适', quality: '质量问题', not_as_described: '与描述不符', wrong_item: '发错货', damaged: '商品破损',
    changed_mind: '不想要了（七天无理由）', not_received: '未收到货', other: '其他',
  },
  status: {
    requested: '待审核', approved: '已同意，待寄回', in_transit: '退货运输中', received: '仓库已收货，验货中', refunded: '已退款', rejected: '已拒绝', cancelled: '已撤销',
  },
  statusRefundOnly: { approved: '已同意，退款中' },
  carrier: { sandbox: '沙箱快递' },
  by: { consumer: '顾客申请', reseller: '店主代申请', operator: '平台代申请' },
  steps: { requested: '提交申请', approved: '同意退货', in_transit: '寄回中', received: '仓库收货', refunded: '已退款' },
  deadline: '请在 {{time}} 前申请售后', closedAt: '售后期已于 {{time}} 结束', notYet: '签收后可申请售后（签收起 7 天内）',
  lostHint: '包裹迟迟没有送达？可以申请仅退款，平台核实丢件后退款。', lostRequest: '没收到货，申请仅退款',
  chooseLines: '选择要退的商品和件数', canReturn: '可申请 {{n}} 件', noneLeft: '已无可申请的件数', lineQty: '{{name}} 的申请件数', fewer: '减少一件', more: '增加一件',
  notePlaceholder: '说说具体情况，便于平台尽快处理（选填）', photosHint: '最多 3 张，自动压缩后上传', addPhoto: '添加照片', removePhoto: '删除第 {{n}} 张照片',
  photoN: '照片 {{n}}', compressing: '正在处理照片…', submit: '提交申请', submitN: '提交申请（{{n}} 件）', submitting: '提交中…', cancel: '取消',
  none: '暂无售后申请',
  card: {
    requestedAt: '申请时间', lines: '申请商品', units: '×{{n}}', accepted: '验收 {{n}} 件', decision: '处理说明', inspection: '验货说明',
    waitReview: '平台会尽快审核，一般 1 个工作日内。', approvedReturn: '请把商品寄回平台仓库：快递员会上门取件，请在包裹上写明下面的运单号和售后单号。',
    waybill: '退货运单号', carrier: '快递公司', sendTo: '寄回地址', copy: '复制', copied: '已复制', copyFailed: '复制失败，请长按运单号复制',
    inTransit: '退货包裹正在寄回仓库。', received: '仓库已收到退货，验货后退款。',
    refunded: '已退款 {{amount}}', refundedHint: '款项按原支付方式退回：在线支付原路退回，钱包支付退回店主钱包。', refundPending: '退款处理中',
    rejected: '申请未通过', cancelled: '申请已撤销', refundOnlyApproved: '已同意仅退款，退款处理中。',
  },
  errors: {
    windowClosed: '已超过售后期限，无法再申请。', notLostYet: '包裹还在正常配送期内，暂不能按丢件申请仅退款。',
    refundOnlyTooMuch: '这笔金额较大，不能仅退款，请选择退货退款。', invalid: '申请内容有误，请按提示修改。', changed: '售后单状态已变化，请刷新后再试。',
    notFound: '找不到这笔订单或售后单。', atMost: '最多可申请 {{n}} 件', quantity: '件数不正确', line: '该商品不在此订单中', noLines: '请至少选择 1 件商品',
    photo: '照片须为 JPG、PNG 或 WebP，且不超过 2 MB', note: '补充说明最多 500 字', reason: '请填写原因',
    photo_not_image: '请选择图片文件', photo_unreadable: '这张照片无法读取，请换一张', photo_too_big: '照片太大，压缩后仍超过 2 MB，请换一张',
    tooManyPhotos: '最多上传 3 张照片', chooseReason: '请选择售后原因',
  },
}, {
  rates: { name: 'Name', delivered: 'Delivered', returned: 'Returned', rate: 'Return rate', requests: 'Requests', reasons: 'Reasons', total: 'Total', none: 'No after-sales yet' },
  title: 'After-sales', requestFor: 'Request a return for the customer', returnNo: 'Return no.', kindLabel: 'Type', reasonLabel: 'Reason', note: 'Details', photos: 'Photos',
  kind: { return: 'Return and refund', refund_only: 'Refund only' },
  kindHint: {
    return: 'Once approved, send the goods back to the platform warehouse; after inspection, what was paid is refunded the way it was paid.',
    refund_only: 'Nothing to send back: for small amounts, or a parcel that never arrived (lost). For larger amounts choose return and refund.',
  },
  reason: {
    size: 'Wrong size', quality: 'Quality problem', not_as_described: 'Not as described', wrong_item: 'Wrong item sent', damaged: 'Arrived damaged',
    changed_mind: 'Changed my mind (7-day no-reason return)', not_received: 'Not received', other: 'Other',
  },
  status: {
    requested: 'Awaiting review', approved: 'Approved — send it back', in_transit: 'On its way back', received: 'Received — being inspected', refunded: 'Refunded', rejected: 'Rejected', cancelled: 'Withdrawn',
  },
  statusRefundOnly: { approved: 'Approved — refunding' },
  carrier: { sandbox: 'Sandbox Express' },
  by: { consumer: 'By the customer', reseller: 'By the shop for the customer', operator: 'By the platform' },
  steps: { requested: 'Requested', approved: 'Approved', in_transit: 'Sent back', received: 'Received', refunded: 'Refunded' },
  deadline: 'Request a return by {{time}}', closedAt: 'Returns closed on {{time}}', notYet: 'Returns open once it is delivered (for 7 days)',
  lostHint: 'Parcel still not here? Ask for a refund only; the platform refunds once the parcel is confirmed lost.', lostRequest: 'Not received — ask for a refund',
  chooseLines: 'Choose the items and how many', canReturn: 'Up to {{n}}', noneLeft: 'Nothing left to return', lineQty: 'Units of {{name}} to return', fewer: 'One fewer', more: 'One more',
  notePlaceholder: 'What happened? It helps us sort it out quickly (optional)', photosHint: 'Up to 3, made smaller before upload', addPhoto: 'Add photo', removePhoto: 'Remove photo {{n}}',
  photoN: 'Photo {{n}}', compressing: 'Preparing the photo…', submit: 'Send request', submitN: 'Send request ({{n}})', submitting: 'Sending…', cancel: 'Cancel',
  none: 'No return requests',
  card: {
    requestedAt: 'Requested', lines: 'Items', units: '×{{n}}', accepted: '{{n}} accepted', decision: 'Decision', inspection: 'Inspection',
    waitReview: 'The platform reviews it shortly, usually within a working day.', approvedReturn: 'Send the items back to the platform warehouse: the courier collects them from you. Write the waybill and return numbers below on the parcel.',
    waybill: 'Return waybill', carrier: 'Carrier', sendTo: 'Send to', copy: 'Copy', copied: 'Copied', copyFailed: 'Could not copy; press and hold the number to copy it',
    inTransit: 'The return parcel is on its way to the warehouse.', received: 'The warehouse has the parcel; the refund follows inspection.',
    refunded: 'Refunded {{amount}}', refundedHint: 'Refunds go back the way the order was paid: online payments to the card or account, wallet payments to the shop’s wallet.', refundPending: 'Refund in progress',
    rejected: 'Request declined', cancelled: 'Request withdrawn', refundOnlyApproved: 'Refund approved; it is on its way.',
  },
  errors: {
    windowClosed: 'The return window has closed for this order.', notLostYet: 'The parcel is still within its normal delivery time, so it cannot be refunded as lost yet.',
    refundOnlyTooMuch: 'This amount is too large for a refund without a return; choose return and refund.', invalid: 'Please correct the request as shown.', changed: 'This return has changed meanwhile; refresh and try again.',
    notFound: 'This order or return could not be found.', atMost: 'At most {{n}}', quantity: 'Not a valid number of units', line: 'This item is not on the order', noLines: 'Choose at least one item',
    photo: 'Photos must be JPG, PNG or WebP, 2 MB at most', note: 'Details can be 500 characters at most', reason: 'Give a reason',
    photo_not_image: 'Choose an image file', photo_unreadable: 'This photo cannot be read; try another', photo_too_big: 'This photo is still over 2 MB after shrinking; try another',
    tooManyPhotos: 'Up to 3 photos', chooseReason: 'Choose a reason',
  },
});

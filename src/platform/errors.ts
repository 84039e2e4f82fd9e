import { localiseFields, translateFieldMessage } from './field-messages.ts';

// The error catalogue: every failure a caller can see has a stable code, an HTTP status and a
// title in zh-CN and en. Responses are application/problem+json (RFC 9457).

export type Lang = 'zh-CN' | 'en';

const catalogue = {
  validation_failed: { status: 400, en: 'The request is not valid', zh: '请求内容不合法' },
  unauthenticated: { status: 401, en: 'Please log in', zh: '请先登录' },
  invalid_credentials: { status: 401, en: 'Phone or password is wrong', zh: '手机号或密码错误' },
  forbidden: { status: 403, en: 'You are not allowed to do this', zh: '没有权限执行此操作' },
  not_found: { status: 404, en: 'Not found', zh: '未找到' },
  idempotency_key_reused: { status: 422, en: 'This idempotency key was used with a different request', zh: '幂等键已被另一个请求使用' },
  idempotency_key_required: { status: 400, en: 'An Idempotency-Key header is required', zh: '需要 Idempotency-Key 请求头' },
  conflict: { status: 409, en: 'The request conflicts with the current state', zh: '请求与当前状态冲突' },
  return_window_closed: { status: 409, en: 'The return window for this order is closed', zh: '该订单已超过退货期限' },
  return_not_withdrawable: { status: 409, en: 'This request can no longer be withdrawn: the goods are on their way back or it has been dealt with', zh: '该售后申请已无法撤销：退货已寄出或已处理' },
  refund_only_not_allowed: { status: 409, en: 'A refund without a return is not possible here; return the goods instead', zh: '该情况不支持仅退款，请申请退货退款' },
  quantity_unavailable: { status: 409, en: 'Not that many units of this line can be changed so', zh: '该商品可操作的数量不足' },
  invalid_transition: { status: 409, en: 'This change is not allowed in the current state', zh: '当前状态下不允许此操作' },
  import_rejected: { status: 422, en: 'The file was rejected; nothing was imported', zh: '文件未通过校验，未导入任何数据' },
  file_required: { status: 400, en: 'A file is required', zh: '需要上传文件' },
  unsupported_file: { status: 415, en: 'Unsupported file type', zh: '不支持的文件类型' },
  unsupported_media_type: { status: 415, en: 'This endpoint does not accept this content type', zh: '此接口不接受该请求内容类型' },
  price_outside_window: { status: 422, en: 'The selling price is outside the markup window', zh: '售价超出允许的加价区间' },
  sale_event_not_live: { status: 409, en: 'The sale event is not live', zh: '档期未在进行中' },
  sale_event_invalid: { status: 422, en: 'The sale event is not valid', zh: '档期设置不合法' },
  insufficient_supply: { status: 409, en: 'Not enough unallocated stock in the lot', zh: '货盘可分配库存不足' },
  sold_out: { status: 409, en: 'Not enough stock left', zh: '库存不足' },
  insufficient_funds: { status: 409, en: 'Not enough balance in the wallet', zh: '钱包余额不足' },
  order_not_payable: { status: 409, en: 'The order cannot be paid in its current state', zh: '订单当前状态无法支付' },
  signature_invalid: { status: 401, en: 'The notification signature is not valid', zh: '通知签名无效' },
  notification_stale: { status: 401, en: 'The notification timestamp is outside the tolerance', zh: '通知时间戳超出允许范围' },
  tracking_event_invalid: { status: 400, en: 'The tracking notification is not valid', zh: '物流轨迹通知内容不合法' },
  waybill_unknown: { status: 404, en: 'The carrier reported a waybill the platform does not know', zh: '快递公司推送的运单号不存在' },
  waybill_not_cancellable: { status: 409, en: 'The courier has already collected this parcel; its waybill can no longer be cancelled', zh: '快递员已揽收，运单无法取消' },
  parcel_over_limits: { status: 422, en: 'The parcel is over the carrier\'s weight or item limits for this service', zh: '包裹超出快递公司该服务的重量或件数限制' },
  refund_exceeds_payment: { status: 409, en: 'A refund cannot exceed what its payment took', zh: '退款金额不能超过该笔支付的实收金额' },
  payout_account_unusable: { status: 409, en: 'This payout account was removed or does not belong to the party paid', zh: '该收款账户已删除或不属于收款方' },
  payment_failed: { status: 402, en: 'The payment did not go through', zh: '支付未成功' },
  flash_sale_only: { status: 409, en: 'This item is sold only in its flash sale', zh: '该商品仅限秒杀购买' },
  flash_not_started: { status: 409, en: 'The flash sale has not started yet', zh: '秒杀尚未开始' },
  flash_ended: { status: 409, en: 'The flash sale has ended', zh: '秒杀已结束' },
  flash_busy: { status: 503, en: 'Too many buyers are grabbing this item; please try again in a moment', zh: '抢购人数过多，请稍后再试' },
  limit_exceeded: { status: 409, en: 'You have reached the purchase limit for this item', zh: '已达到该商品的限购数量' },
  group_full: { status: 409, en: 'This group is already full', zh: '该团已满员' },
  group_closed: { status: 409, en: 'This group has closed', zh: '该团已结束' },
  group_already_joined: { status: 409, en: 'This phone number is already in the group', zh: '该手机号已在团中' },
  presale_closed: { status: 409, en: 'The presale has closed', zh: '预售已截止' },
  presale_in_production: { status: 409, en: 'The brand is producing this presale order; it can no longer be cancelled. Returns go through after-sales once it ships', zh: '预售已确认生产，订单不能取消；发货后可申请售后' },
  coupon_invalid: { status: 422, en: 'This coupon cannot be used for this order', zh: '该优惠券不适用于此订单' },
  coupon_exhausted: { status: 409, en: 'This coupon has run out', zh: '优惠券已被抢光' },
  coupon_limit_reached: { status: 409, en: 'You have used this coupon as many times as allowed', zh: '已达到该优惠券的使用次数上限' },
  red_packet_invalid: { status: 422, en: 'This red packet cannot be used for this order', zh: '该红包不适用于此订单' },
  campaign_conflict: { status: 409, en: 'The item already belongs to another campaign', zh: '该商品已参与其他活动' },
  too_many_unpaid_orders: { status: 409, en: 'Too many unpaid orders: pay for (or ask your seller to cancel) what you already hold before ordering more', zh: '未付款订单过多：请先支付已下的订单（或联系代购取消），再下新单' },
  order_not_holding: { status: 409, en: 'This order no longer holds stock: it was paid, expired or cancelled', zh: '该订单已不再占用库存（已支付、已过期或已取消）' },
  customer_has_red_packets: { status: 409, en: 'This customer still holds a red packet you gifted; delete them once it is used or has expired', zh: '该客户还有您赠送的未使用红包，红包用完或过期后才能删除' },
  storefront_not_found: { status: 404, en: 'This shop link does not exist', zh: '店铺链接不存在' },
  order_not_delivered: { status: 409, en: 'Nothing of this order has been delivered yet', zh: '该订单还没有签收的商品' },
  share_link_not_found: { status: 404, en: 'This share link does not exist', zh: '分享链接不存在' },
  share_target_invalid: { status: 422, en: 'This cannot be shared: it is not on sale in a live or upcoming event', zh: '无法分享：该商品或活动不在进行中或即将开始的档期内' },
  rate_limited: { status: 429, en: 'Too many requests', zh: '请求过于频繁' },
  payload_too_large: { status: 413, en: 'The request body is too large', zh: '请求内容过大' },
  json_too_deep: { status: 400, en: 'The JSON body is nested too deeply', zh: 'JSON 请求内容嵌套层数过多' },
  cross_site_request: { status: 403, en: 'This request came from another site and was refused', zh: '该请求来自其他网站，已被拒绝' },
  login_locked: { status: 429, en: 'Too many failed logins: temporarily locked, please try again later', zh: '登录失败次数过多，已暂时锁定，请稍后再试' },
  current_password_wrong: { status: 422, en: 'The current password is wrong', zh: '当前密码不正确' },
  password_unchanged: { status: 422, en: 'The new password must differ from the current one', zh: '新密码不能与当前密码相同' },
  account_disabled: { status: 403, en: 'This account has been disabled by the platform; contact the operator', zh: '该账号已被平台停用，请联系运营' },
  password_change_required: { status: 403, en: 'Your password was reset: choose a new password before anything else', zh: '您的密码已被重置，请先设置新密码' },
  membership_unpaid: { status: 402, en: 'Pay the annual membership fee to start selling', zh: '请先缴纳年费，开通后即可开始销售' },
  membership_expired: { status: 403, en: 'Your membership has expired: renew it to take new orders', zh: '会员已到期，续费后可继续下单' },
  membership_removed: { status: 403, en: 'Your membership was ended by the monthly review', zh: '您的会员资格已在月度考核中终止' },
  invitation_invalid: { status: 422, en: 'This invitation cannot be used', zh: '该邀请无效或已失效' },
  invitation_quota_used: { status: 409, en: 'The inviter has no invitations left this year', zh: '邀请人本年度的邀请名额已用完' },
  renewal_not_open: { status: 409, en: 'Renewal opens closer to the end of the membership', zh: '会员到期前才可续费' },
  readmission_too_soon: { status: 409, en: 'A removed member may join again only after the waiting period', zh: '会员资格终止后需等待一段时间才能重新加入' },
  available_insufficient: { status: 409, en: 'Not enough available balance to withdraw', zh: '可提现余额不足' },
  withdrawal_not_allowed: { status: 422, en: 'This withdrawal is outside the limits', zh: '提现金额或次数超出限制' },
  review_confirmed: { status: 409, en: 'This review was already confirmed', zh: '该月度考核已确认' },
  reseller_disabled: { status: 409, en: 'This shop is paused and is not taking orders right now', zh: '该店铺已暂停营业，暂不接受下单' },
  sku_pulled: { status: 409, en: 'This item has been taken off sale', zh: '该商品已下架' },
  database_unavailable: { status: 503, en: 'The service is briefly unavailable; please try again in a moment', zh: '服务暂时不可用，请稍后重试' },
  internal: { status: 500, en: 'Something went wrong on our side', zh: '服务器内部错误' },
} as const satisfies Record<string, { status: number; en: string; zh: string }>;

export type ErrorCode = keyof typeof catalogue;

export interface FieldIssue {
  path: string;
  message: string;
  /** For file imports: the 1-based row and the column header. */
  row?: number;
  column?: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fields: FieldIssue[] | undefined;
  readonly detail: string | undefined;
  readonly extra: Record<string, unknown> | undefined;
  /** Seconds after which the caller may try again (sent as Retry-After, e.g. with a 503). */
  readonly retryAfter: number | undefined;
  constructor(code: ErrorCode, opts: { detail?: string; fields?: FieldIssue[]; extra?: Record<string, unknown>; retryAfter?: number } = {}) {
    super(opts.detail ?? catalogue[code].en);
    this.code = code;
    this.status = catalogue[code].status;
    this.fields = opts.fields;
    this.detail = opts.detail;
    this.extra = opts.extra;
    this.retryAfter = opts.retryAfter;
  }
}

export function titleOf(code: ErrorCode, lang: Lang): string {
  return lang === 'en' ? catalogue[code].en : catalogue[code].zh;
}

export function statusOf(code: ErrorCode): number {
  return catalogue[code].status;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(catalogue, code);
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail?: string;
  instance?: string;
  errors?: FieldIssue[];
  [k: string]: unknown;
}

export function toProblem(err: AppError, lang: Lang, instance?: string): Problem {
  const fields = err.fields ? localiseFields(err.fields, lang) : undefined;
  return {
    type: `urn:sellthrough:problem:${err.code}`,
    title: titleOf(err.code, lang),
    status: err.status,
    code: err.code,
    ...(err.detail ? { detail: translateFieldMessage(err.detail, lang) } : {}),
    ...(instance ? { instance } : {}),
    ...(fields ? { errors: fields } : {}),
    ...(err.extra ?? {}),
  };
}

/** Pick zh-CN unless the caller prefers English (Accept-Language or ?lang=en). */
export function pickLang(acceptLanguage: string | undefined, explicit?: string): Lang {
  const v = (explicit ?? acceptLanguage ?? '').toLowerCase();
  if (explicit) return v.startsWith('en') ? 'en' : 'zh-CN';
  const first = v.split(',')[0]?.trim() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

// Field-level messages in the caller's language. Services and schemas write them in English;
// a Chinese caller gets them in Chinese here, in one place. Messages zod writes itself are
// re-rendered with zod's own zh-CN locale.
import { z } from 'zod';
import type { FieldIssue, Lang } from './errors.ts';
import { formatMoney } from './money.ts';

type Rule = [RegExp, (m: RegExpExecArray) => string];

const COLUMN_ZH: Record<string, string> = {
  spu_code: '款号', product_name: '商品名称', category: '品类', colour: '颜色', size: '尺码', sku_code: 'SKU编码', barcode: '条码',
  tag_price: '吊牌价', base_price: '平台价', quantity: '数量', image_urls: '图片', description: '描述',
};
const col = (c: string) => COLUMN_ZH[c] ?? c;
const STATUS_ZH: Record<string, string> = {
  draft: '草稿', scheduled: '待开始', live: '进行中', ended: '已结束', closed: '已关闭',
  pending_payment: '待支付', paid: '已支付', expired: '已过期', cancelled: '已取消', shipped: '已发货', delivered: '已签收', completed: '已完成',
};

const ZH: Rule[] = [
  [/^required$/, () => '必填'],
  [/^not a price in yuan \(e\.g\. ([\d.]+)\)$/, (m) => `不是以元为单位的价格（例如 ${m[1]}）`],
  [/^must be more than 0$/, () => '必须大于 0'],
  [/^too large$/, () => '数值过大'],
  [/^tag price is below base price$/, () => '吊牌价低于平台价'],
  [/^must be a whole number$/, () => '必须是整数'],
  [/^must be a whole number of at least 1$/, () => '必须是不小于 1 的整数'],
  [/^must be between (\d+) and (\d+)$/, (m) => `必须在 ${m[1]} 到 ${m[2]} 之间`],
  [/^must be between (\d+) and (\d+) fen$/, (m) => `售价必须在 ${formatMoney(Number(m[1]))} 到 ${formatMoney(Number(m[2]))} 之间`],
  [/^repeats row (\d+)$/, (m) => `与第 ${m[1]} 行重复`],
  [/^differs from row (\d+) for the same spu_code$/, (m) => `同一款号与第 ${m[1]} 行的商品信息不一致`],
  [/^not a URL: (.*)$/, (m) => `不是有效的图片地址：${m[1]}`],
  [/^longer than (\d+) characters$/, (m) => `不能超过 ${m[1]} 个字符`],
  [/^more cells than header columns$/, () => '单元格数多于表头列数'],
  [/^unknown column "(.*)"$/, (m) => `无法识别的列「${m[1]}」`],
  [/^duplicate column "(.*)"$/, (m) => `列「${m[1]}」重复`],
  [/^missing column "(.*)"$/, (m) => `缺少列「${col(m[1])}」`],
  [/^the file is empty$/, () => '文件是空的'],
  [/^the file has no data rows$/, () => '文件没有数据行'],
  [/^at most (\d+) rows per file$/, (m) => `每个文件最多 ${m[1]} 行`],
  [/^CSV syntax: (.*)$/s, (m) => `CSV 格式错误：${m[1]}`],
  [/^SKU (.*) belongs to another product$/, (m) => `SKU ${m[1]} 已属于另一款商品`],
  [/^must be after startsAt$/, () => '结束时间必须晚于开始时间'],
  [/^an event lasts at most (\d+) days$/, (m) => `档期最长 ${m[1]} 天`],
  [/^need 0 ≤ min ≤ suggested ≤ max ≤ 1000%$/, () => '加价区间须满足 0 ≤ 最低 ≤ 建议 ≤ 最高 ≤ 1000%'],
  [/^listed twice$/, () => '重复添加'],
  [/^no contract in force$/, () => '品牌没有生效中的合同'],
  [/^not a SKU of this brand$/, () => '不是该品牌的 SKU'],
  [/^cannot change once the event is live$/, () => '档期开始后不能修改'],
  [/^a live event can only be extended$/, () => '进行中的档期只能延长'],
  [/^an event needs at least one SKU$/, () => '档期至少需要一个 SKU'],
  [/^already registered$/, () => '该手机号已注册'],
  [/^a mainland mobile number of 11 digits$/, () => '请输入 11 位大陆手机号'],
  [/^a path of the reseller app, such as (\S+)$/, (m) => `须为代购 App 内的页面路径，例如 ${m[1]}`],
  [/^not an id$/, () => '不是有效的编号'],
  [/^letters, digits, _ \. : - only$/, () => '只能包含字母、数字和 _ . : -'],
  [/^an order needs at least one line$/, () => '订单至少需要一件商品'],
  [/^at most (\d+) different items per order$/, (m) => `每单最多 ${m[1]} 种商品`],
  [/^at most (\d+) of one item per order$/, (m) => `同一商品每单最多 ${m[1]} 件`],
  [/^all items of an order must be in one currency$/, () => '同一订单的商品必须使用同一币种'],
  [/^no such item$/, () => '商品不存在'],
  [/^not in this sale event$/, () => '不在本档期中'],
  [/^give exactly one of customerId and consumer$/, () => '请选择一位客户，或填写收件人信息（二选一）'],
  [/^give a customerId or the consumer’s name, phone and address$/, () => '请选择客户，或填写收件人姓名、电话和地址'],
  [/^at most 5 MB$/, () => '不能超过 5 MB'],
  [/^not a valid card number \(16–19 digits with a correct check digit\)$/, () => '银行卡号无效（须为 16–19 位数字且校验位正确）'],
  [/^the bank name is required for a card$/, () => '银行卡须填写开户银行'],
  [/^a mobile number or an email address$/, () => '须为手机号或邮箱'],
  [/^a WeChat ID of 6–20 letters, digits, _ or -, starting with a letter$/, () => '微信号须为 6–20 位字母、数字、_ 或 -，以字母开头'],
  // problem details
  [/^an ended event cannot be edited$/, () => '已结束的档期不能修改'],
  [/^expected a JSON body$/, () => '请求体应为 JSON'],
  [/^the body is not valid JSON$/, () => '请求体不是有效的 JSON'],
  [/^images must be JPEG, PNG, WebP or GIF$/, () => '图片须为 JPEG、PNG、WebP 或 GIF 格式'],
  [/^not a readable \.xlsx workbook$/, () => '无法读取该 .xlsx 文件'],
  [/^phone already registered$/, () => '该手机号已注册'],
  [/^the brand has no contract in force$/, () => '该品牌没有生效中的合同'],
  [/^the event changed meanwhile; reload and retry$/, () => '档期刚被他人修改，请刷新后重试'],
  [/^the file is not UTF-8 text$/, () => '文件不是 UTF-8 编码的文本'],
  [/^the request body is too large$/, () => '请求内容过大'],
  [/^upload a \.csv or \.xlsx file$/, () => '请上传 .csv 或 .xlsx 文件'],
  [/^cannot move from (\w+) to (\w+)$/, (m) => `不能从「${STATUS_ZH[m[1]] ?? m[1]}」变为「${STATUS_ZH[m[2]] ?? m[2]}」`],
  [/^contains a character that is not allowed$/, () => '包含不允许的字符'],
  [/^the gateway knows no (charge|refund) (\S+)$/, (m) => `支付网关没有${m[1] === 'charge' ? '支付单' : '退款单'} ${m[2]}`],
  // membership and settlement
  [/^give an inviter link or an invitation code, not both$/, () => '请使用邀请链接或邀请码（二选一）'],
  [/^the inviter is not an active member$/, () => '邀请人不是有效会员'],
  [/^unknown, used up or expired$/, () => '邀请码不存在、已用完或已过期'],
  [/^already registered: log in to renew or rejoin$/, () => '该手机号已注册，请登录后续费或重新加入'],
  [/^level (\d) must be (V\d)$/, (m) => `第 ${m[1]} 级必须是 ${m[2]}`],
  [/^must be more than the level below$/, () => '必须高于下一级的门槛'],
  [/^V1 needs no sales$/, () => 'V1 的门槛必须为 0'],
  [/^must be at least minAmount$/, () => '不能低于单笔最低提现金额'],
  [/^must be less than minAmount$/, () => '必须低于单笔最低提现金额'],
  [/^the month is not over yet$/, () => '该月份尚未结束'],
  [/^add a bank card or wallet account first$/, () => '请先添加银行卡或收款账户'],
  [/^the brand has no payout account$/, () => '品牌尚未添加收款账户'],
  [/^withdraw between (\d+) and (\d+) fen$/, (m) => `单笔提现金额须在 ${formatMoney(Number(m[1]))} 到 ${formatMoney(Number(m[2]))} 之间`],
  [/^(\S+) is not flagged in this review$/, (m) => `${m[1]} 不在本次考核的待处理名单中`],
];

interface ZodLikeIssue { code: string; message: string; [k: string]: unknown }
const zodEn = z.locales.en().localeError;
const zodZh = z.locales.zhCN().localeError;
const text = (r: unknown) => (typeof r === 'string' ? r : (r as { message?: string } | undefined)?.message);

/** A zod issue's message in the caller's language (zod's own wording, or ours translated). */
export function zodIssueMessage(issue: ZodLikeIssue, lang: Lang): string {
  if (lang === 'en') return issue.message;
  // The issue arrives without its input; for type errors the English names the received type.
  if (issue.code === 'invalid_type' && !('input' in issue)) {
    const received = /received (\w+)$/.exec(issue.message)?.[1];
    const samples: Record<string, unknown> = { string: '', number: 0, boolean: false, undefined: undefined, null: null, array: [], object: {}, bigint: 0n };
    if (received && received in samples) issue = { ...issue, input: samples[received] };
  }
  // zod wrote the English itself when its English locale produces the same text.
  const own = text(zodEn(issue as never));
  if (own === issue.message) return text(zodZh(issue as never)) ?? issue.message;
  return translateFieldMessage(issue.message, lang);
}

export function translateFieldMessage(message: string, lang: Lang): string {
  // English messages are written as fragments ("must be a whole number"); shown alone they start
  // with a capital.
  if (lang === 'en') {
    // amounts travel in fen between services; a person reads them in yuan
    const fen = /^must be between (\d+) and (\d+) fen$/.exec(message);
    if (fen) return `The price must be between ${formatMoney(Number(fen[1]))} and ${formatMoney(Number(fen[2]))}`;
    const withdraw = /^withdraw between (\d+) and (\d+) fen$/.exec(message);
    if (withdraw) return `Withdraw between ${formatMoney(Number(withdraw[1]))} and ${formatMoney(Number(withdraw[2]))} at a time`;
    return message.charAt(0).toUpperCase() + message.slice(1);
  }
  for (const [re, zh] of ZH) {
    const m = re.exec(message);
    if (m) return zh(m);
  }
  return message;
}

export function localiseFields(fields: FieldIssue[], lang: Lang): FieldIssue[] {
  return fields.map((f) => ({ ...f, message: translateFieldMessage(f.message, lang) }));
}

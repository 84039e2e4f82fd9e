// Field-level messages in the caller's language. Services and schemas write them in English;
// a Chinese caller gets them in Chinese here, in one place. Messages zod writes itself are said
// plainly in either language (zodPlain), the rare rest with zod's own locales.
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
  [/^not a reason code one may choose$/, () => '不是可选的原因代码：请选择常用原因，或直接填写原因'],
  [/^the gateway knows no (charge|refund) (\S+)$/, (m) => `支付网关没有${m[1] === 'charge' ? '支付单' : '退款单'} ${m[2]}`],
  // membership and settlement
  [/^give an inviter link or an invitation code, not both$/, () => '请使用邀请链接或邀请码（二选一）'],
  [/^the inviter is not an active member$/, () => '邀请人不是有效会员'],
  [/^unknown, used up or expired$/, () => '邀请码不存在、已用完或已过期'],
  [/^already registered: log in to renew or rejoin$/, () => '该手机号已注册，请登录后续费或重新加入'],
  [/^level (\d+) must be (\S+)$/, (m) => `第 ${m[1]} 级必须是 ${m[2]}`],
  [/^must be more than the level below$/, () => '必须高于下一级的门槛'],
  [/^V1 needs no sales$/, () => 'V1 的门槛必须为 0'],
  [/^must be at least minAmount$/, () => '不能低于单笔最低提现金额'],
  [/^must be less than minAmount$/, () => '必须低于单笔最低提现金额'],
  [/^the month is not over yet$/, () => '该月份尚未结束'],
  [/^add a bank card or wallet account first$/, () => '请先添加银行卡或收款账户'],
  [/^the brand has no payout account$/, () => '品牌尚未添加收款账户'],
  [/^withdraw between (\d+) and (\d+) fen$/, (m) => `单笔提现金额须在 ${formatMoney(Number(m[1]))} 到 ${formatMoney(Number(m[2]))} 之间`],
  [/^(\S+) is not flagged in this review$/, (m) => `${m[1]} 不在本次考核的待处理名单中`],
  // campaigns: flash sales, group buys, presales, coupons and red packets
  [/^not an item of this event$/, () => '不是本档期的商品'],
  [/^must be at least the platform price \((\d+) fen\)$/, (m) => `不能低于平台价 ${formatMoney(Number(m[1]))}`],
  [/^must be above the platform price \((\d+) fen\)$/, (m) => `必须高于平台价 ${formatMoney(Number(m[1]))}`],
  [/^must not exceed the tag price \((\d+) fen\)$/, (m) => `不能高于吊牌价 ${formatMoney(Number(m[1]))}`],
  [/^at most (\d+) units are in the event's pool$/, (m) => `档期库存中只有 ${m[1]} 件`],
  [/^must be at least the per-buyer limit$/, () => '不能低于每人限购数'],
  [/^must fall inside the event$/, () => '必须在档期时间之内'],
  [/^must be after the start and no later than the event ends$/, () => '必须晚于开始时间，且不晚于档期结束'],
  [/^must be a whole number from (\d+) to (\d+)$/, (m) => `必须是 ${m[1]} 到 ${m[2]} 之间的整数`],
  [/^must be a whole number from (\d+)$/, (m) => `必须是不小于 ${m[1]} 的整数`],
  [/^must be in the future$/, () => '必须是将来的时间'],
  [/^must fall after the event starts and no later than it ends$/, () => '必须在档期开始之后、结束之前'],
  [/^must be below the threshold$/, () => '必须低于使用门槛'],
  [/^must be after the start$/, () => '必须晚于开始时间'],
  [/^must not exceed the total cap$/, () => '不能超过发放总量'],
  [/^already in use$/, () => '已被占用'],
  [/^only (\d+) unused red packets left in this batch$/, (m) => `这批红包只剩 ${m[1]} 个未使用`],
  // after-sales, fulfilment, sharing, uploads
  [/^the order has not been delivered yet$/, () => '订单尚未签收'],
  [/^returns closed at (.+) \(China time\)$/, (m) => `售后申请已于 ${m[1]}（北京时间）截止`],
  [/^a parcel counts as lost (\d+) days after it shipped undelivered$/, (m) => `包裹发出 ${m[1]} 天仍未签收才算丢件`],
  [/^not a line of this order$/, () => '不是本订单的商品'],
  [/^this line is named twice$/, () => '同一件商品重复填写'],
  [/^at most (\d+) of line (\d+) can be asked back$/, (m) => `第 ${m[2]} 行最多可申请 ${m[1]} 件`],
  [/^name at least one line$/, () => '请至少选择一件商品'],
  [/^refunds without a return are for up to (\d+) fen \(or a lost parcel\); return the goods instead$/, (m) => `仅退款适用于 ${formatMoney(Number(m[1]))} 以内（或包裹丢失），请选择退货退款`],
  [/^the ship date cannot be in the past$/, () => '发货日期不能早于今天'],
  [/^(\S+) is not on purchase order (\S+)$/, (m) => `${m[1]} 不在采购单 ${m[2]} 上`],
  [/^(\S+): (\d+) in the parcel, (\d+) scanned$/, (m) => `${m[1]}：包裹应有 ${m[2]} 件，已扫 ${m[3]} 件`],
  [/^(\S+): not in this parcel \((\d+) scanned\)$/, (m) => `${m[1]}：不在本包裹中（已扫 ${m[2]} 件）`],
  [/^send scans or a file$/, () => '请扫码或上传文件'],
  [/^give an orderId, or by and key$/, () => '请给出订单，或按手机号、地址或链接选择'],
  [/^at most (\d+) photos per order \((\d+) already\)$/, (m) => `每个订单最多 ${m[1]} 张照片（已有 ${m[2]} 张）`],
  [/^at most (\d+) materials per event$/, (m) => `每个档期最多 ${m[1]} 份素材`],
  [/^not on sale in a live or upcoming event$/, () => '不在进行中或即将开始的档期里'],
  [/^posters are made for events, products and campaigns$/, () => '海报只能为档期、商品和活动生成'],
  [/^at most (\d+) MB$/, (m) => `不能超过 ${m[1]} MB`],
  [/^at most (\d+) images$/, (m) => `最多 ${m[1]} 张图片`],
  [/^a JPEG, PNG or WebP image as a data URL$/, () => '须为 JPEG、PNG 或 WebP 图片'],
  // lists
  [/^from must be before to$/, () => '开始时间必须早于结束时间'],
  [/^not a cursor of this list$/, () => '不是本列表的翻页标记'],
];

interface ZodLikeIssue { code: string; message: string; [k: string]: unknown }
const zodEn = z.locales.en().localeError;
const zodZh = z.locales.zhCN().localeError;
const text = (r: unknown) => (typeof r === 'string' ? r : (r as { message?: string } | undefined)?.message);

/**
 * A zod issue's message in the caller's language: ours translated, or — when zod wrote it — said
 * plainly (zod's own zh-CN locale leaves type names in English: "数值过小：期望 number >=1"), with
 * zod's own locale for what we do not word ourselves.
 */
export function zodIssueMessage(issue: ZodLikeIssue, lang: Lang): string {
  // The issue arrives without its input; for type errors the English names the received type.
  if (issue.code === 'invalid_type' && !('input' in issue)) {
    const received = /received (\w+)$/.exec(issue.message)?.[1];
    const samples: Record<string, unknown> = { string: '', number: 0, boolean: false, undefined: undefined, null: null, array: [], object: {}, bigint: 0n };
    if (received && received in samples) issue = { ...issue, input: samples[received] };
  }
  // zod wrote the English itself when its English locale produces the same text.
  const own = text(zodEn(issue as never));
  if (own !== issue.message) return lang === 'en' ? issue.message : translateFieldMessage(issue.message, lang);
  return zodPlain(issue, lang) ?? (lang === 'en' ? issue.message : text(zodZh(issue as never)) ?? issue.message);
}

const KIND: Record<string, [zh: string, en: string]> = {
  number: ['数字', 'a number'], int: ['整数', 'a whole number'], bigint: ['整数', 'a whole number'], string: ['文本', 'text'],
  boolean: ['是或否', 'true or false'], array: ['列表', 'a list'], object: ['对象', 'an object'], date: ['日期', 'a date'],
};
const listed = (values: unknown[], sep: string) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(sep);
const FORMAT: Record<string, [zh: string, en: string]> = {
  email: ['邮箱格式不正确', 'Not an email address'], url: ['网址格式不正确', 'Not a URL'], uuid: ['编号格式不正确', 'Not an id'],
  datetime: ['日期时间格式不正确', 'Not a date and time'], date: ['日期格式不正确', 'Not a date'], time: ['时间格式不正确', 'Not a time'],
};

/** zod's own messages for the issues a form or an API caller meets, in plain words; null for the rest. */
function zodPlain(issue: ZodLikeIssue, lang: Lang): string | null {
  const zh = lang !== 'en';
  const i = issue as ZodLikeIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; exact?: boolean; expected?: string; input?: unknown; values?: unknown[]; format?: string; keys?: string[]; divisor?: number };
  switch (i.code) {
    case 'too_small':
    case 'too_big': {
      const small = i.code === 'too_small';
      const n = String(small ? i.minimum : i.maximum);
      const inclusive = i.inclusive !== false;
      if (i.origin === 'number' || i.origin === 'int' || i.origin === 'bigint') {
        if (i.exact) return zh ? `必须等于 ${n}` : `Must be ${n}`;
        if (small) return inclusive ? (zh ? `不能小于 ${n}` : `Must be at least ${n}`) : (zh ? `必须大于 ${n}` : `Must be more than ${n}`);
        return inclusive ? (zh ? `不能大于 ${n}` : `Must be at most ${n}`) : (zh ? `必须小于 ${n}` : `Must be less than ${n}`);
      }
      if (i.origin === 'date' && inclusive) {
        const at = new Date(Number(n)).toISOString();
        return small ? (zh ? `不能早于 ${at}` : `Must not be before ${at}`) : (zh ? `不能晚于 ${at}` : `Must not be after ${at}`);
      }
      const one = n === '1';
      const unit = i.origin === 'string' ? (zh ? '个字符' : one ? 'character' : 'characters') : i.origin === 'array' || i.origin === 'set' ? (zh ? '项' : one ? 'item' : 'items') : null;
      if (!unit || !inclusive) return null;
      if (i.exact) return zh ? `必须是 ${n} ${unit}` : `Must be exactly ${n} ${unit}`;
      if (small && one) return i.origin === 'string' ? (zh ? '不能为空' : 'Must not be empty') : (zh ? '至少需要 1 项' : 'Needs at least 1 item');
      return small ? (zh ? `至少 ${n} ${unit}` : `Must be at least ${n} ${unit}`) : (zh ? `最多 ${n} ${unit}` : `Must be at most ${n} ${unit}`);
    }
    case 'invalid_type': {
      if (i.input === undefined) return zh ? '必填' : 'Required';
      const kind = KIND[i.expected ?? ''];
      return kind ? (zh ? `应为${kind[0]}` : `Must be ${kind[1]}`) : null;
    }
    case 'invalid_value':
      if (!Array.isArray(i.values) || i.values.length === 0) return null;
      if (i.values.length === 1) return zh ? `必须是 ${listed(i.values, '')}` : `Must be ${listed(i.values, '')}`;
      return zh ? `必须是以下之一：${listed(i.values, '、')}` : `Must be one of: ${listed(i.values, ', ')}`;
    case 'invalid_format': {
      const f = FORMAT[i.format ?? ''];
      return f ? f[zh ? 0 : 1] : zh ? '格式不正确' : 'Not in the expected format';
    }
    case 'unrecognized_keys':
      return zh ? `不支持的字段：${(i.keys ?? []).join('、')}` : `Unknown field${(i.keys ?? []).length === 1 ? '' : 's'}: ${(i.keys ?? []).join(', ')}`;
    case 'not_multiple_of':
      return zh ? `必须是 ${i.divisor} 的倍数` : `Must be a multiple of ${i.divisor}`;
    default:
      return null;
  }
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
    // any other amount in fen: "(25900 fen)" reads "(¥259.00)"
    const said = message.replace(/\b(\d+) fen\b/g, (_, fen: string) => formatMoney(Number(fen)));
    return said.charAt(0).toUpperCase() + said.slice(1);
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

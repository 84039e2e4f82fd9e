// Paste-to-order: a chat message becomes a draft order for one event (consumer, address and
// lines matched to the event's SKUs, with my prices). Nothing is placed or held here: the
// reseller checks the draft and places it with POST /api/v1/reseller/orders.
import type { Ctx } from '../platform/context.ts';
import type { Lang } from '../platform/errors.ts';
import { draftCompleteness, matchItems, parsePastedOrder, type ParseIssue } from '../modules/orders/paste-order.rules.ts';
import { resellerSaleEvent } from './shop.flow.ts';

export type DraftWarning = ParseIssue | 'item_ambiguous' | 'item_not_found' | 'sold_out' | 'over_stock' | 'quantity_capped' | 'event_not_on_sale';

const MESSAGES: Record<DraftWarning, Record<Lang, string>> = {
  phone_missing: { 'zh-CN': '没有找到手机号', en: 'No mobile number found' },
  phone_multiple: { 'zh-CN': '消息里有多个手机号，已用第一个', en: 'Several mobile numbers; the first one is used' },
  name_missing: { 'zh-CN': '没有找到收件人姓名', en: 'No recipient name found' },
  region_missing: { 'zh-CN': '没有识别出省市区，请补全', en: 'Province, city or district not recognised; please complete them' },
  region_ambiguous: { 'zh-CN': '区县名重名，请确认省份和城市', en: 'The district name exists in several cities; please confirm the province and city' },
  detail_missing: { 'zh-CN': '没有找到详细地址', en: 'No street address found' },
  items_missing: { 'zh-CN': '没有识别出商品，请手动选择', en: 'No items recognised; please choose them' },
  item_ambiguous: { 'zh-CN': '有商品对应多个款式，请选择', en: 'Some items fit several products; please choose' },
  item_not_found: { 'zh-CN': '有商品在本档期中找不到', en: 'Some items are not in this event' },
  sold_out: { 'zh-CN': '有商品已售罄', en: 'Some items are sold out' },
  over_stock: { 'zh-CN': '有商品数量超过剩余库存', en: 'Some quantities exceed the stock left' },
  quantity_capped: { 'zh-CN': '单个商品最多 99 件', en: 'At most 99 of one item' },
  event_not_on_sale: { 'zh-CN': '档期未在进行中，暂不能下单', en: 'The event is not on sale; orders cannot be placed yet' },
};

export interface PasteDraft {
  consumer: { name: string; phone: string; address: { province: string; city: string; district: string; detail: string } };
  lines: { eventSkuId: string; productId: string; productName: string; image: string | null; colour: string; size: string; quantity: number; price: number; basePrice: number; available: number }[];
  unmatched: { text: string; colour: string | null; size: string | null; product: string | null; quantity: number; reason: 'no_match' | 'ambiguous'; candidates: string[]; share: number }[];
  warnings: { code: DraftWarning; message: string }[];
  /** 0..1, counting items still to be chosen as not done (paste-order.rules.ts draftCompleteness). */
  confidence: number;
  unparsed: string;
}

export async function pasteOrderDraft(ctx: Ctx, input: { saleEventId: string; text: string }): Promise<PasteDraft> {
  const event = await resellerSaleEvent(ctx, input.saleEventId);
  const skus = event.products.flatMap((p) => p.skus.map((s) => ({ ...s, productId: p.id, productName: p.name })));
  const byId = new Map(skus.map((s) => [s.eventSkuId, s]));
  // the event's product names tell where the address ends and the items begin
  const parsed = parsePastedOrder(input.text, { products: event.products.map((p) => p.name) });
  const matched = matchItems(parsed.itemHints, skus);

  const codes = new Set<DraftWarning>(parsed.issues);
  if (!event.onSale) codes.add('event_not_on_sale');
  const lines = matched.lines.map((l) => {
    const s = byId.get(l.eventSkuId)!;
    if (l.quantity > 99) codes.add('quantity_capped');
    const quantity = Math.min(99, l.quantity);
    if (s.available === 0) codes.add('sold_out');
    else if (quantity > s.available) codes.add('over_stock');
    return {
      eventSkuId: s.eventSkuId, productId: s.productId, productName: s.productName, image: s.image, colour: s.colour, size: s.size,
      quantity, price: s.sellingPrice, basePrice: s.basePrice, available: s.available,
    };
  });
  const { completeness, share } = draftCompleteness(parsed, matched.unmatched.length);
  const unmatched = matched.unmatched.map((u) => {
    const h = parsed.itemHints[u.hint];
    codes.add(u.reason === 'ambiguous' ? 'item_ambiguous' : 'item_not_found');
    return { text: h.text, colour: h.colour ?? null, size: h.size ?? null, product: h.product ?? null, quantity: Math.min(99, h.quantity), reason: u.reason, candidates: u.candidates, share };
  });
  // a message with items none of which matched says so once, as "not found" or "ambiguous"
  if (parsed.itemHints.length && codes.has('items_missing')) codes.delete('items_missing');
  return {
    consumer: { name: parsed.name, phone: parsed.phone, address: parsed.address },
    lines, unmatched,
    warnings: [...codes].map((code) => ({ code, message: MESSAGES[code][ctx.lang] })),
    confidence: completeness, unparsed: parsed.unparsed,
  };
}

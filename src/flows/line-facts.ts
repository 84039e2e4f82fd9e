// What an order line shows beside its numbers: the product's name, colour, size and picture.
import type { Ctx } from '../platform/context.ts';
import { productCards } from '../modules/catalog/index.ts';
import type { LineFacts, OrderLineRow } from '../modules/orders/index.ts';

/** Names, colours, sizes and pictures for order lines, from the catalogue. */
export async function lineFacts(ctx: Ctx, lines: OrderLineRow[]): Promise<LineFacts> {
  const cards = await productCards(ctx, [...new Set(lines.map((l) => l.productId))]);
  const facts: LineFacts = new Map();
  for (const l of lines) {
    const p = cards.get(l.productId);
    const s = p?.skus.get(l.skuId);
    if (p && s) facts.set(l.skuId, { productName: p.name, colour: s.colour, size: s.size, image: p.images[0] ?? null });
  }
  return facts;
}

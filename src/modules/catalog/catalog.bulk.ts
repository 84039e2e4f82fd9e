// The catalogue read inside another module's single statement (the order desk): drizzle `sql` fragments.
import { sql, type SQL } from 'drizzle-orm';

/** One SKU as an order line shows it (orders' LineFacts). */
export interface SkuFactJson { productName: string; colour: string; size: string; image: string | null }

/**
 * A scalar subquery: these SKUs' product name, colour, size and picture (the colour's own, else the
 * product's first: catalog.rules skuPicture), as a JSON object by SKU id (NULL when none).
 */
export function skuFactsSql(skuIds: SQL): SQL {
  return sql`(SELECT json_object_agg(k.id, json_build_object('productName', p.name, 'colour', k.colour, 'size', k.size, 'image', coalesce(p.colour_images->>k.colour, p.images->>0)))
    FROM skus k JOIN products p ON p.id = k.product_id WHERE k.id IN (${skuIds}))`;
}

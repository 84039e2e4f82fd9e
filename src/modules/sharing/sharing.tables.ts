// Sharing: the links resellers send into chat (each with its channel and an end), what the
// storefront recorded of the people who opened them, and which reseller a consumer is bound to.
import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, index, uniqueIndex, check, bigserial } from 'drizzle-orm/pg-core';
import { resellers } from '../resellers/resellers.tables.ts';

/**
 * A share link (/s/:shareCode/l/:code): what it opens, which channel it was sent to, and when
 * it stops working (阅后即焚: the sale event's end, judged by the database clock).
 */
export const shareLinks = pgTable('share_links', {
  /** The code in the URL: 10 characters of base58 drawn at random. */
  code: text('code').primaryKey(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  /** shop, event, product, flash, group (an offer), presale. */
  target: text('target').notNull(),
  saleEventId: text('sale_event_id'),
  /** The product, flash item or group-buy offer the link opens within its event. */
  targetRef: text('target_ref'),
  /** group (a chat group), moments (朋友圈), private (a private chat), other. */
  channel: text('channel').notNull(),
  /** The reseller's own name for where it went ("宝妈群 2"), shown beside the channel's figures. */
  label: text('label').notNull().default(''),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('share_links_reseller_idx').on(t.resellerId, t.createdAt),
  check('share_links_target_ck', sql`${t.target} IN ('shop','event','product','flash','group','presale')`),
  check('share_links_channel_ck', sql`${t.channel} IN ('group','moments','private','other')`),
  // Everything but the shop opens one sale event and ends with it.
  check('share_links_event_ck', sql`(${t.target} = 'shop') = (${t.saleEventId} IS NULL) AND (${t.saleEventId} IS NULL OR ${t.expiresAt} IS NOT NULL)`),
  check('share_links_label_ck', sql`char_length(${t.label}) <= 30`),
]);

/**
 * One storefront view: who (an anonymous visitor id from a first-party cookie; no address, no
 * user agent kept), whose shop, through which link, what they looked at, when.
 */
export const storefrontViews = pgTable('storefront_views', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  visitorId: text('visitor_id').notNull(),
  resellerId: text('reseller_id').notNull(),
  linkCode: text('link_code'),
  channel: text('channel'),
  /** shop, event, product, flash, group, order (the buyer's order page: looked after buying). */
  page: text('page').notNull(),
  saleEventId: text('sale_event_id'),
  productId: text('product_id'),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // The reseller's feed (newest first) and their figures by day.
  index('storefront_views_reseller_idx').on(t.resellerId, t.at),
  index('storefront_views_event_idx').on(t.saleEventId, t.at).where(sql`${t.saleEventId} IS NOT NULL`),
  // The platform's visitors of a day: rows arrive in time order, so a BRIN index finds a day's
  // block range for a few pages of index and costs the inserts next to nothing.
  index('storefront_views_at_brin').using('brin', t.at),
  check('storefront_views_page_ck', sql`${t.page} IN ('shop','event','product','flash','group','order')`),
]);

/**
 * A visitor who placed an order: their visitor id and the phone the order named, so a reseller's
 * visitor feed can name their own customers (and only theirs: the feed joins their orders).
 */
export const visitorConsumers = pgTable('visitor_consumers', {
  visitorId: text('visitor_id').notNull(),
  consumerPhone: text('consumer_phone').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  uniqueIndex('visitor_consumers_uq').on(t.visitorId, t.consumerPhone),
  index('visitor_consumers_phone_idx').on(t.consumerPhone),
]);

/**
 * 流量保护: the reseller a consumer (by phone) is bound to, from the first paid order through that
 * reseller until `expires_at`; each later paid order with the same reseller renews it
 * (docs/sharing.md has the rules).
 */
export const customerBindings = pgTable('customer_bindings', {
  consumerPhone: text('consumer_phone').primaryKey(),
  resellerId: text('reseller_id').notNull().references(() => resellers.id),
  /** The order that made or last renewed the binding. */
  orderId: text('order_id').notNull(),
  boundAt: timestamp('bound_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
}, (t) => [
  index('customer_bindings_reseller_idx').on(t.resellerId, t.expiresAt),
  check('customer_bindings_span_ck', sql`${t.expiresAt} > ${t.boundAt}`),
]);

/**
 * Proof a brand or the operator attaches to a sale event for resellers to forward: the brand's
 * authorisation letter (品牌授权书), quality reports, real photos of the goods.
 */
export const eventMaterials = pgTable('event_materials', {
  id: text('id').primaryKey(),
  saleEventId: text('sale_event_id').notNull(),
  brandId: text('brand_id').notNull(),
  /** authorisation (品牌授权书), quality_report (质检报告), photo (实拍图), other. */
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  url: text('url').notNull(),
  /** Who attached it: a user id. */
  addedBy: text('added_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  removedAt: timestamp('removed_at', { withTimezone: true }),
}, (t) => [
  index('event_materials_event_idx').on(t.saleEventId, t.createdAt).where(sql`${t.removedAt} IS NULL`),
  check('event_materials_kind_ck', sql`${t.kind} IN ('authorisation','quality_report','photo','other')`),
  check('event_materials_title_ck', sql`char_length(${t.title}) BETWEEN 1 AND 40`),
]);

/** 晒单: photos a consumer adds to a delivered order; the order's reseller may reuse them. */
export const orderPhotos = pgTable('order_photos', {
  id: text('id').primaryKey(),
  orderId: text('order_id').notNull(),
  /** The reseller the order belongs to (their share kit shows these). */
  resellerId: text('reseller_id').notNull(),
  /** The products of the order's lines, so a product's share sheet finds its buyers' photos. */
  productIds: text('product_ids').array().notNull(),
  url: text('url').notNull(),
  note: text('note').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('order_photos_reseller_idx').on(t.resellerId, t.createdAt),
  index('order_photos_order_idx').on(t.orderId),
  check('order_photos_note_ck', sql`char_length(${t.note}) <= 200`),
]);

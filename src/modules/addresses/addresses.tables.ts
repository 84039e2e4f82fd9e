// Consumers' saved delivery addresses, kept per phone: a returning consumer who proves the phone
// (holds the lookup link of an order placed with it) is offered them at checkout.
import { pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const consumerAddresses = pgTable('consumer_addresses', {
  id: text('id').primaryKey(),
  phone: text('phone').notNull(),
  name: text('name').notNull(),
  province: text('province').notNull(),
  city: text('city').notNull(),
  district: text('district').notNull(),
  detail: text('detail').notNull(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  // The same recipient at the same place is one saved address, whatever order used it last.
  uniqueIndex('consumer_addresses_same_uq').on(t.phone, t.name, t.province, t.city, t.district, t.detail),
]);

-- A unique key on (id, currency) was there for the lines' foreign key to their entry in its
-- currency (drizzle/0007). That key went in drizzle/0020 — the lines' statement trigger checks the
-- currency, looking each entry up by its primary key since drizzle/0027 — and the index stayed:
-- one more index entry, and its uniqueness check, for every journal entry posted (every paid order,
-- refund, settlement and top-up), implied by the primary key and read by nothing.
ALTER TABLE "journal_entries" DROP CONSTRAINT "journal_entries_currency_uq";

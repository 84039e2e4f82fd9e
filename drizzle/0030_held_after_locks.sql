-- What holders hold unpaid — the counts the hold caps judge (恶意占库存) — in one definition for
-- every placement: the reads that judge without locks, and the count under the holders' locks.
-- That count must see every placement that held a lock before it was granted. A statement's
-- snapshot is taken when it begins, so a lock taken inside a statement does not give it: a
-- placement's transaction took the locks in one statement and counted in the next (one round trip
-- more), and the storefront desk sent BEGIN with the locks, then its write, then COMMIT. Here the
-- locks and the count are one call: a VOLATILE function takes the locks, then counts in a statement
-- of its own, whose snapshot (READ COMMITTED) is taken after the locks were granted. The desk's
-- write calls it first of all, so one autocommitted statement locks, counts and writes.
--
-- held_by_holders: per phone its unpaid storefront orders placed in the window and its units on
-- unpaid storefront orders (phone, event SKU, quantity per line); per client address and per link
-- (reseller) the unpaid orders placed in the window; NULL where a cap is off. Each holder's orders
-- through its own index (the column, then created_at), whatever the planner believes: `<column> <>
-- ''` is part of the phone's and the link's index predicates, and `(column, created_at) > (key,
-- since)` is an index condition only where the column leads. The keys and which counts are on
-- behind sub-selects, so the plan PL/pgSQL keeps is the same for one key and for fifty, with any cap
-- off: a custom plan that sees a few keys, or leaves out a count that is off, always looks cheaper
-- than the generic one, and PostgreSQL would make it again on every call.
CREATE OR REPLACE FUNCTION held_by_holders(phones text[], addresses text[], links text[], window_minutes integer,
    phone_orders boolean, address_orders boolean, link_orders boolean, units boolean)
  RETURNS json LANGUAGE plpgsql STABLE AS $$
DECLARE
  since timestamptz := now() - make_interval(mins => window_minutes);
  held json;
BEGIN
  SELECT json_build_object(
    'phoneOrders', (SELECT json_object_agg(h.k, (SELECT count(*) FROM orders o
        WHERE o.consumer_phone = h.k AND o.consumer_phone <> '' AND (o.consumer_phone, o.created_at) > (h.k, since)
          AND o.kind = 'storefront' AND o.paid_at IS NULL))
      FROM unnest((SELECT phones)) AS h(k) WHERE (SELECT phone_orders)),
    'addressOrders', (SELECT json_object_agg(h.k, (SELECT count(*) FROM orders o
        WHERE o.client_address = h.k AND o.client_address <> '' AND (o.client_address, o.created_at) > (h.k, since)
          AND o.paid_at IS NULL))
      FROM unnest((SELECT addresses)) AS h(k) WHERE (SELECT address_orders)),
    'linkOrders', (SELECT json_object_agg(h.k, (SELECT count(*) FROM orders o
        WHERE o.reseller_id = h.k AND o.reseller_id <> '' AND (o.reseller_id, o.created_at) > (h.k, since)
          AND o.kind = 'storefront' AND o.paid_at IS NULL))
      FROM unnest((SELECT links)) AS h(k) WHERE (SELECT link_orders)),
    'units', (SELECT json_agg(json_build_array(o.consumer_phone, l.event_sku_id, l.quantity))
      FROM unnest((SELECT phones)) AS h(k) JOIN orders o ON o.consumer_phone = h.k JOIN order_lines l ON l.order_id = o.id
      WHERE o.status = 'pending_payment' AND o.kind = 'storefront' AND (SELECT units)))
  INTO held;
  RETURN held;
END $$;
--> statement-breakpoint
-- The holders' transaction-scoped advisory locks, in the order given (one global order, so two
-- placements sharing two holders cannot deadlock), then what they hold, counted by a statement
-- begun after the locks were granted: it sees every placement that held them before.
CREATE OR REPLACE FUNCTION held_after_locks(lock_ids bigint[], phones text[], addresses text[], links text[], window_minutes integer,
    phone_orders boolean, address_orders boolean, link_orders boolean, units boolean)
  RETURNS json LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  held json;
BEGIN
  PERFORM pg_advisory_xact_lock(u.k) FROM unnest(lock_ids) WITH ORDINALITY AS u(k, i) ORDER BY u.i;
  -- Its own statement, so its own snapshot: taken now, after the locks.
  SELECT held_by_holders(phones, addresses, links, window_minutes, phone_orders, address_orders, link_orders, units) INTO held;
  RETURN held;
END $$;

// Carriers: one waybill per parcel whatever the retries; the sandbox carrier's signed tracking
// notifications reach the app and move the waybill by when things happened, not when the news
// arrived; forged or stale ones change nothing; the fulfilment side takes each event once; and
// what the notifications lost, asking the carrier recovers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testPlatform, type TestPlatform } from './support/platform.ts';
import { carrierSandboxSecret } from '../src/platform/config.ts';
import { makeCtx, withTx, type Ctx } from '../src/platform/context.ts';
import { sign } from '../src/modules/payments/index.ts';
import {
  requestWaybill, cancelWaybill, handOverParcels, takeTrackingChanges, trackingOf, reconcileTracking,
  SandboxCarrier, CARRIER_SIGNATURE_HEADER, type Party, type ParcelToShip, type SandboxCarrierOptions, type TrackingChange,
} from '../src/modules/carriers/index.ts';

const STEP = 0.05;
let tp: TestPlatform;
let ctx: Ctx;
let base: string;

before(async () => {
  tp = await testPlatform({ sandboxCarrier: { stepSeconds: STEP, pickupSeconds: 3600, duplicateRate: 0, reorderRate: 0, exceptionRate: 0 } });
  ctx = tp.ctx();
  // A running app on a real socket, for the carrier to post to over HTTP.
  await tp.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = tp.app.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});
after(async () => { await tp.close(); });

const WAREHOUSE: Party = { name: '爱清仓华东仓', phone: '057188880000', address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '仓前街道文一西路1500号' } };
let n = 0;
function parcel(detail = '张江路88号', over: Partial<ParcelToShip> = {}): ParcelToShip {
  return {
    parcelRef: `pcl_t${process.pid}x${++n}`, sender: WAREHOUSE,
    recipient: { name: '张三', phone: '13800138000', address: { province: '上海市', city: '上海市', district: '浦东新区', detail } },
    weightGrams: 1200, items: [{ name: '羊毛大衣', quantity: 2 }], ...over,
  };
}

/** The carrier posting over real HTTP to the running app (the notify URL names the configured public host). */
const overHttp = ((input: string | URL | Request, init?: RequestInit) => fetch(String(input).replace(tp.config.publicUrl, base), init)) as typeof fetch;
/** The carrier posting into the app through inject. */
const intoApp = (async (input: string | URL | Request, init?: RequestInit) => {
  const u = new URL(String(input));
  const res = await tp.app.inject({ method: 'POST', url: u.pathname, headers: init?.headers as Record<string, string>, payload: init?.body as string });
  return new Response(res.body, { status: res.statusCode });
}) as typeof fetch;

/** Another view of the same sandbox carrier's books (same database, same secret), behaving as told. */
function carrierWith(opts: Partial<SandboxCarrierOptions>): SandboxCarrier {
  return new SandboxCarrier(tp.database.db, { secret: carrierSandboxSecret(tp.config), stepSeconds: STEP, pickupSeconds: 3600, retryBaseSeconds: 0.05, ...opts });
}
function ctxWith(carrier: SandboxCarrier): Ctx {
  return makeCtx(tp.database.db, { ...tp.deps, carrier }, { kind: 'system' });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function q<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return (await tp.database.pool.query<T>(text, params)).rows;
}
async function waybillStatus(waybillNo: string): Promise<string> {
  return (await q<{ status: string }>('SELECT status FROM waybills WHERE waybill_no = $1', [waybillNo]))[0].status;
}
/** Tick the carrier until its way for these waybills is over: every event has happened and every notification is acknowledged. */
async function runWay(carrier: SandboxCarrier, waybillNos: string[], timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    await carrier.deliverDue(200);
    const [left] = await q<{ pending: number; ahead: number; terminal: number }>(`
      SELECT (SELECT count(*)::int FROM sandbox_carrier_deliveries d JOIN sandbox_carrier_events e ON e.id = d.event_id WHERE e.waybill_no = ANY($1) AND d.delivered_at IS NULL) AS pending,
             (SELECT count(*)::int FROM sandbox_carrier_events e WHERE e.waybill_no = ANY($1) AND e.occurred_at > now()) AS ahead,
             (SELECT count(*)::int FROM sandbox_carrier_events e WHERE e.waybill_no = ANY($1) AND e.status IN ('delivered','returned_to_sender')) AS terminal`, [waybillNos]);
    if (left.pending === 0 && left.ahead === 0 && left.terminal === waybillNos.length) return;
    if (Date.now() > end) throw new Error(`the carrier's way did not end in time: ${JSON.stringify(left)}`);
    await sleep(20);
  }
}
async function eventsOf(waybillNo: string) {
  return q<{ event_id: string; status: string; source: string; occurred_at: Date }>(
    'SELECT e.event_id, e.status, e.source, e.occurred_at FROM tracking_events e JOIN waybills w ON w.id = e.waybill_id WHERE w.waybill_no = $1 ORDER BY e.occurred_at, e.id', [waybillNo]);
}
async function sandboxEvents(waybillNo: string) {
  return q<{ id: string; status: string }>('SELECT id, status FROM sandbox_carrier_events WHERE waybill_no = $1 ORDER BY seq', [waybillNo]);
}
async function notify(body: string, signature: string | undefined, carrier = 'sandbox') {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== undefined) headers[CARRIER_SIGNATURE_HEADER] = signature;
  const res = await tp.app.inject({ method: 'POST', url: `/api/v1/carriers/${carrier}/notify`, headers, payload: body });
  return { status: res.statusCode, body: JSON.parse(res.body), type: res.headers['content-type'] };
}
const nowS = () => Math.floor(Date.now() / 1000);
const secret = () => carrierSandboxSecret(tp.config);

/** Take the sandbox's queued notifications of a waybill out of its outbox (as if they were never sent), in seq order. */
async function captureBodies(waybillNo: string): Promise<{ status: string; body: string }[]> {
  const rows = await q<{ id: string; body: string; status: string }>(`
    SELECT DISTINCT ON (e.seq) d.id, d.body, e.status FROM sandbox_carrier_deliveries d JOIN sandbox_carrier_events e ON e.id = d.event_id
    WHERE e.waybill_no = $1 ORDER BY e.seq, d.created_at`, [waybillNo]);
  await q(`UPDATE sandbox_carrier_deliveries d SET delivered_at = now() FROM sandbox_carrier_events e WHERE e.id = d.event_id AND e.waybill_no = $1`, [waybillNo]);
  return rows.map((r) => ({ status: r.status, body: r.body }));
}

test('a waybill is opened once per parcel, however often and however concurrently it is asked for', async () => {
  const p = parcel();
  const all = await Promise.all(Array.from({ length: 8 }, () => requestWaybill(ctx, p)));
  const again = await requestWaybill(ctx, p);
  const nos = new Set([...all, again].map((w) => w.waybillNo));
  assert.equal(nos.size, 1);
  assert.match(again.waybillNo, /^SF\d{12}$/);
  assert.ok(again.sortCode.length > 0);
  assert.equal(again.status, 'created');
  assert.equal(again.parcelRef, p.parcelRef);
  assert.equal((await q('SELECT 1 FROM waybills WHERE parcel_ref = $1', [p.parcelRef])).length, 1);
  assert.equal((await q('SELECT 1 FROM sandbox_carrier_waybills WHERE merchant_ref = $1', [p.parcelRef])).length, 1);
  assert.deepEqual((await sandboxEvents(again.waybillNo)).map((e) => e.status), ['created'], 'one order at the carrier, one "created" event');

  // Another parcel, another number.
  const other = await requestWaybill(ctx, parcel());
  assert.notEqual(other.waybillNo, again.waybillNo);

  // The carrier's limits: a standard parcel over them is refused; one heavy item goes bulky.
  await assert.rejects(requestWaybill(ctx, parcel('张江路88号', { weightGrams: tp.carrier.limits.maxWeightGrams + 1 })), { code: 'parcel_over_limits' });
  await assert.rejects(requestWaybill(ctx, parcel('张江路88号', { items: [{ name: '袜子', quantity: tp.carrier.limits.maxItems + 1 }] })), { code: 'parcel_over_limits' });
  const bulky = await requestWaybill(ctx, parcel('张江路88号', { service: 'bulky', weightGrams: tp.carrier.limits.maxWeightGrams + 1, items: [{ name: '行李箱', quantity: 1 }] }));
  assert.equal(bulky.service, 'bulky');
});

test('the sandbox carrier delivers a parcel\'s whole way to the running app over HTTP, signed, and the waybill follows it', async () => {
  const http = carrierWith({ fetchImpl: overHttp });
  const p = parcel();
  const w = await requestWaybill(ctx, p);
  assert.deepEqual(await handOverParcels(ctx, [p.parcelRef]), { pickedUp: [w.waybillNo] });
  assert.deepEqual(await handOverParcels(ctx, [p.parcelRef]), { pickedUp: [] }, 'handing over twice collects once');
  await runWay(http, [w.waybillNo]);

  const evs = await eventsOf(w.waybillNo);
  assert.deepEqual(evs.map((e) => e.status), ['created', 'picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
  assert.ok(evs.every((e) => e.source === 'notification'));
  const attempts = await q<{ attempts: number; last_error: string | null }>(`
    SELECT d.attempts, d.last_error FROM sandbox_carrier_deliveries d JOIN sandbox_carrier_events e ON e.id = d.event_id WHERE e.waybill_no = $1`, [w.waybillNo]);
  assert.ok(attempts.every((a) => a.attempts === 1 && a.last_error === null), 'every signed notification was accepted the first time');

  const [t] = await trackingOf(ctx, [p.parcelRef]);
  assert.equal(t.waybillNo, w.waybillNo);
  assert.equal(t.status, 'delivered');
  assert.ok(t.pickedUpAt && t.deliveredAt && t.lastEventAt);
  assert.equal(t.deliveredAt!.getTime(), t.lastEventAt!.getTime());
  assert.ok(t.pickedUpAt! < t.deliveredAt!);
  assert.equal(t.events[0].status, 'delivered', 'newest first');
  assert.match(t.events[0].description, /已签收/);
  assert.equal(t.events[0].location, '上海市浦东新区');
  assert.equal(t.events.at(-1)!.status, 'created');
  assert.deepEqual(await trackingOf(ctx, ['pcl_never_shipped']), []);

  // Collected parcels cannot be cancelled any more.
  await assert.rejects(cancelWaybill(ctx, p.parcelRef), { code: 'waybill_not_cancellable' });
});

test('duplicates and late arrivals leave one row per event, and the waybill says what happened last', async () => {
  // Deterministic: the whole way, posted backwards and each twice.
  const p = parcel();
  const w = await requestWaybill(ctx, p);
  await handOverParcels(ctx, [p.parcelRef]);
  await sleep(STEP * 1000 * 6);
  const bodies = await captureBodies(w.waybillNo);
  assert.deepEqual(bodies.map((b) => b.status), ['created', 'picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'delivered']);
  const backwards = [...bodies].reverse();
  for (const [i, b] of backwards.entries()) {
    const first = await notify(b.body, sign(secret(), nowS(), b.body));
    assert.deepEqual(first, { status: 200, body: { ok: true, outcome: 'recorded' }, type: first.type });
    const dup = await notify(b.body, sign(secret(), nowS(), b.body));
    assert.equal(dup.body.outcome, 'duplicate');
    assert.equal(await waybillStatus(w.waybillNo), 'delivered', `after ${i + 1} events, the delivered one first: still delivered`);
  }
  assert.equal((await eventsOf(w.waybillNo)).length, bodies.length);
  const [row] = await q<{ picked_up_at: Date; delivered_at: Date; last_event_at: Date }>('SELECT picked_up_at, delivered_at, last_event_at FROM waybills WHERE id = $1', [w.id]);
  const occurred = (await eventsOf(w.waybillNo));
  assert.equal(row.picked_up_at.getTime(), occurred[1].occurred_at.getTime(), 'pickup time is the pickup event\'s, which arrived last but one');
  assert.equal(row.delivered_at.getTime(), occurred.at(-1)!.occurred_at.getTime());

  // And the carrier misbehaving by itself: every notification twice, half of them held back, the
  // courier collecting on their own round, first tries failing at random.
  const noisy = carrierWith({ fetchImpl: intoApp, duplicateRate: 1, reorderRate: 0.5, exceptionRate: 0.5, pickupSeconds: 0 });
  const nctx = ctxWith(noisy);
  const ws = await Promise.all(Array.from({ length: 6 }, () => requestWaybill(nctx, parcel())));
  await runWay(noisy, ws.map((x) => x.waybillNo));
  for (const x of ws) {
    const expected = await sandboxEvents(x.waybillNo);
    const got = await eventsOf(x.waybillNo);
    assert.equal(got.length, expected.length, 'one row per event');
    assert.deepEqual(new Set(got.map((e) => e.event_id)), new Set(expected.map((e) => e.id)));
    assert.equal(await waybillStatus(x.waybillNo), 'delivered');
  }
  const sent = await q<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_carrier_deliveries d JOIN sandbox_carrier_events e ON e.id = d.event_id WHERE e.waybill_no = ANY($1)`, [ws.map((x) => x.waybillNo)]);
  const events = await q<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_carrier_events WHERE waybill_no = ANY($1)`, [ws.map((x) => x.waybillNo)]);
  assert.equal(sent[0].n, 2 * events[0].n, 'every notification was sent twice');
});

test('a forged, tampered, unsigned or stale notification is refused and changes nothing', async () => {
  const p = parcel();
  const w = await requestWaybill(ctx, p);
  await handOverParcels(ctx, [p.parcelRef]);
  await sleep(STEP * 1000 * 6);
  const bodies = await captureBodies(w.waybillNo);
  const delivered = bodies.at(-1)!.body;
  const cases: [string, string, string | undefined, number, string][] = [
    ['unsigned', delivered, undefined, 401, 'signature_invalid'],
    ['malformed header', delivered, 'nonsense', 401, 'signature_invalid'],
    ['tampered body', delivered.replace('"status":"delivered"', '"status":"returned_to_sender"'), sign(secret(), nowS(), delivered), 401, 'signature_invalid'],
    ['wrong secret', delivered, sign('not-the-secret', nowS(), delivered), 401, 'signature_invalid'],
    ['the payment gateway\'s secret', delivered, sign(tp.config.sandboxSecret, nowS(), delivered), 401, 'signature_invalid'],
    ['stale (301 s old)', delivered, sign(secret(), nowS() - 301, delivered), 401, 'notification_stale'],
    ['from the future (330 s ahead)', delivered, sign(secret(), nowS() + 330, delivered), 401, 'notification_stale'],
    ['signed but not a tracking event', '{"id":"x"}', sign(secret(), nowS(), '{"id":"x"}'), 400, 'tracking_event_invalid'],
    // Refused by the app's JSON parser before the route sees it.
    ['signed but not JSON', '{"id":', sign(secret(), nowS(), '{"id":'), 400, 'validation_failed'],
  ];
  for (const [name, body, sig, status, code] of cases) {
    const res = await notify(body, sig);
    assert.equal(res.status, status, name);
    assert.equal(res.body.code, code, name);
    assert.match(String(res.type), /application\/problem\+json/, name);
  }
  const unknown = delivered.replace(w.waybillNo, 'SF000000000000');
  const res = await notify(unknown, sign(secret(), nowS(), unknown));
  assert.deepEqual([res.status, res.body.code], [404, 'waybill_unknown'], 'a genuine notification for a waybill we do not have is answered so the carrier retries');
  assert.equal((await notify(delivered, sign(secret(), nowS(), delivered), 'other-carrier')).status, 404);
  assert.equal(await waybillStatus(w.waybillNo), 'created');
  assert.equal((await eventsOf(w.waybillNo)).length, 0);

  const en = await tp.app.inject({ method: 'POST', url: '/api/v1/carriers/sandbox/notify', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, payload: delivered });
  assert.equal(JSON.parse(en.body).title, 'The notification signature is not valid');

  const ok = await notify(delivered, sign(secret(), nowS(), delivered));
  assert.deepEqual(ok.body, { ok: true, outcome: 'recorded' });
  assert.equal(await waybillStatus(w.waybillNo), 'delivered');
});

test('takeTrackingChanges hands each event out exactly once to two concurrent takers, and gives back what a rolled-back taker took', async () => {
  const ws = await Promise.all(Array.from({ length: 4 }, () => requestWaybill(ctx, parcel())));
  await handOverParcels(ctx, ws.map((w) => w.parcelRef));
  await runWay(tp.carrier, ws.map((w) => w.waybillNo));

  // A taker that fails takes nothing: its events are there for the next one.
  const waiting = (await q<{ event_id: string }>('SELECT event_id FROM tracking_events WHERE applied_at IS NULL')).map((r) => r.event_id);
  assert.ok(waiting.length >= 24);
  await assert.rejects(withTx(ctx, async (t) => { assert.equal((await takeTrackingChanges(t, 5)).length, 5); throw new Error('the fulfilment flow failed'); }), /failed/);
  assert.equal((await q('SELECT 1 FROM tracking_events WHERE applied_at IS NULL')).length, waiting.length);

  const taker = async () => {
    const got: TrackingChange[][] = [];
    for (;;) {
      const batch = await withTx(ctx, async (t) => { const b = await takeTrackingChanges(t, 3); await sleep(15); return b; });
      if (batch.length === 0) return got;
      got.push(batch);
    }
  };
  const [a, b] = await Promise.all([taker(), taker()]);
  const ids = [...a, ...b].flat().map((c) => c.eventId);
  assert.equal(ids.length, new Set(ids).size, 'no event handed out twice');
  assert.deepEqual(new Set(ids), new Set(waiting), 'every waiting event handed out');
  assert.ok(a.length > 0 && b.length > 0, 'both takers took some');
  for (const batch of [...a, ...b]) {
    for (let i = 1; i < batch.length; i++) assert.ok(batch[i - 1].occurredAt <= batch[i].occurredAt, 'oldest first');
  }
  const one = [...a, ...b].flat().find((c) => c.waybillNo === ws[0].waybillNo && c.status === 'picked_up')!;
  assert.equal(one.parcelRef, ws[0].parcelRef);
  assert.equal(one.waybillId, ws[0].id);
  assert.equal(one.waybillStatus, 'delivered', 'with the waybill\'s status now');
  assert.equal((await takeTrackingChanges(ctx, 100)).length, 0);
});

test('an address with 拒收 goes back to the sender; one with 无人 fails once and is delivered', async () => {
  const refused = await requestWaybill(ctx, parcel('张江路88号 拒收'));
  const absent = await requestWaybill(ctx, parcel('张江路90号 家中无人'));
  await handOverParcels(ctx, [refused.parcelRef, absent.parcelRef]);
  await runWay(tp.carrier, [refused.waybillNo, absent.waybillNo]);
  const [r, a] = await trackingOf(ctx, [refused.parcelRef, absent.parcelRef]);
  assert.equal(r.status, 'returned_to_sender');
  assert.equal(r.deliveredAt, null);
  assert.deepEqual(r.events.map((e) => e.status).reverse(), ['created', 'picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'exception', 'returned_to_sender']);
  assert.match(r.events[1].description, /拒收/);
  assert.equal(a.status, 'delivered');
  assert.deepEqual(a.events.map((e) => e.status).reverse(), ['created', 'picked_up', 'in_transit', 'in_transit', 'out_for_delivery', 'exception', 'out_for_delivery', 'delivered']);
});

test('a waybill is cancelled before pickup, and a cancelled one is never collected', async () => {
  const p = parcel();
  const w = await requestWaybill(ctx, p);
  const c = await cancelWaybill(ctx, p.parcelRef);
  assert.equal(c.status, 'cancelled');
  assert.equal((await cancelWaybill(ctx, p.parcelRef)).status, 'cancelled', 'cancelling twice is fine');
  assert.equal((await requestWaybill(ctx, p)).waybillNo, w.waybillNo, 'asking again returns the cancelled waybill, not a new one');
  assert.deepEqual(await tp.carrier.handOver([w.waybillNo]), { pickedUp: [] });
  assert.equal((await q<{ status: string }>('SELECT status FROM sandbox_carrier_waybills WHERE waybill_no = $1', [w.waybillNo]))[0].status, 'cancelled');
});

test('reconcileTracking records what lost notifications said, once, and leaves the rest alone', async () => {
  // The carrier's notifications reach us only for the pickup; everything else is lost on the way.
  const lossy = carrierWith({
    fetchImpl: (async (input: string | URL | Request, init?: RequestInit) => {
      if (String(init?.body).includes('"status":"picked_up"')) return intoApp(input, init);
      return new Response('{}', { status: 200 });
    }) as typeof fetch,
  });
  const lctx = ctxWith(lossy);
  const ws = await Promise.all([requestWaybill(lctx, parcel()), requestWaybill(lctx, parcel('张江路88号 拒收'))]);
  await handOverParcels(lctx, ws.map((w) => w.parcelRef));
  await runWay(lossy, ws.map((w) => w.waybillNo));
  for (const w of ws) {
    assert.equal(await waybillStatus(w.waybillNo), 'picked_up', 'only the pickup arrived');
    assert.equal((await eventsOf(w.waybillNo)).length, 1);
  }
  // Not yet old enough: nothing is asked.
  const early = await reconcileTracking(lctx, { olderThanHours: 1 });
  assert.equal(early.recovered, 0);

  const r = await reconcileTracking(lctx, { olderThanHours: 0, recheckMinutes: 0 });
  assert.ok(r.checked >= 2);
  assert.equal(r.failed, 0);
  const [delivered, returned] = ws;
  assert.equal(await waybillStatus(delivered.waybillNo), 'delivered');
  assert.equal(await waybillStatus(returned.waybillNo), 'returned_to_sender');
  for (const w of ws) {
    const got = await eventsOf(w.waybillNo);
    const expected = await sandboxEvents(w.waybillNo);
    assert.deepEqual(got.map((e) => e.event_id), expected.map((e) => e.id), 'every event, once, in the order it happened');
    assert.deepEqual(got.filter((e) => e.source === 'notification').map((e) => e.status), ['picked_up']);
  }
  const lost = (await sandboxEvents(delivered.waybillNo)).length + (await sandboxEvents(returned.waybillNo)).length - 2;
  assert.equal(lost, 5 + 6);
  assert.ok(r.recovered >= lost, 'the lost events of both waybills (and any other waybill\'s)');
  // Asked again: the waybills are done, nothing more to record.
  const again = await reconcileTracking(lctx, { olderThanHours: 0, recheckMinutes: 0 });
  const mine = await q<{ n: number }>('SELECT count(*)::int AS n FROM tracking_events e JOIN waybills w ON w.id = e.waybill_id WHERE w.waybill_no = ANY($1)', [ws.map((w) => w.waybillNo)]);
  assert.equal(mine[0].n, (await sandboxEvents(delivered.waybillNo)).length + (await sandboxEvents(returned.waybillNo)).length);
  assert.equal(again.failed, 0);
});

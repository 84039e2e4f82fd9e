// Runs inside autocannon's worker thread, once per connection (autocannon `setupClient`).
// Connection i acts as reseller i: its own bearer token, so wallets never contend, and its own
// consumer (phone), as resellers sell to their own customers — or, for storefront orders, as
// consumers buying through reseller i's link. Every request
// gets a fresh Idempotency-Key and, when several SKUs are given, a random one of them.
// Non-2xx answers are reported to the main thread over a BroadcastChannel, by problem code.
import { BroadcastChannel } from 'node:worker_threads';
import type autocannon from 'autocannon';

let nextConnection = 0;
let channel: BroadcastChannel | undefined;

function problemCode(body: string): string {
  try {
    const p = JSON.parse(body) as { code?: unknown };
    return typeof p.code === 'string' ? p.code : 'no_code';
  } catch {
    return 'not_json';
  }
}

function setupClient(client: autocannon.Client): void {
  const c = client.opts.initialContext as setupClient.OrderClientContext;
  const me = nextConnection++;
  const token = c.tokens[me % c.tokens.length];
  if (!channel) {
    channel = new BroadcastChannel(c.channel);
    channel.unref();
  }
  const ch = channel;
  // Each reseller orders for consumers of their own (one per connection): one phone shared by
  // every reseller would make every order wait on that consumer's binding row.
  const consumer = { ...c.consumer, phone: `138${String(10_000_000 + me).slice(-8)}` };
  let n = 0;
  // storefront: a consumer buying through reseller i's link — a new consumer (phone) every order,
  // as at an event's opening, so no phone reaches its hold caps.
  const shareCode = c.shareCodes?.[me % c.shareCodes.length];
  client.setRequests([{
    method: 'POST',
    path: shareCode ? `/api/v1/storefront/${shareCode}/orders` : '/api/v1/reseller/orders',
    setupRequest(req) {
      const eventSkuId = c.eventSkuIds.length === 1 ? c.eventSkuIds[0] : c.eventSkuIds[Math.floor(Math.random() * c.eventSkuIds.length)];
      const key = `${c.keyPrefix}-${me}-${++n}`;
      if (shareCode) {
        req.headers = { 'content-type': 'application/json', 'idempotency-key': key };
        req.body = JSON.stringify({ consumer: { ...consumer, phone: `15${String((me * 1_000_000 + n) % 1e9).padStart(9, '0')}` }, lines: [{ eventSkuId, quantity: 1 }] });
      } else {
        req.headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key };
        req.body = JSON.stringify({ consumer, lines: [{ eventSkuId, quantity: 1 }], payWith: 'wallet' });
      }
      return req;
    },
    onResponse(status, body) {
      if (status < 200 || status >= 300) ch.postMessage({ status, code: problemCode(body), body: body.slice(0, 300) } satisfies setupClient.Non2xxReport);
    },
  }]);
}

// The shapes shared with the main thread (types only).
namespace setupClient {
  export interface OrderClientContext {
    /** One bearer token per connection (reseller). */
    tokens: string[];
    /** Storefront orders instead: one reseller's link (share code) per connection. */
    shareCodes?: string[];
    /** Event SKU ids to order from: one for the hot SKU, many for spread. */
    eventSkuIds: string[];
    /** Prefix of the idempotency keys; unique per scenario. */
    keyPrefix: string;
    /** BroadcastChannel name for non-2xx reports. */
    channel: string;
    consumer: { name: string; phone: string; address: { province: string; city: string; district: string; detail: string } };
  }

  export interface Non2xxReport { status: number; code: string; body: string }
}

export = setupClient;

// A lean HTTP/1.1 load generator: N keep-alive sockets, each sending its next request as soon as
// the previous answer is complete. Requests are built by the caller (one buffer each); answers
// are read just far enough to know the status, the length and, for refusals, the body.
// autocannon spends about as much CPU per request as the app under test does on a flash grab;
// on a two-core machine where the load shares the cores with the app and PostgreSQL, that is CPU
// taken from the system being measured. This one does the same job for a fraction of it.
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  /** Where to connect; connection c goes to targets[c % targets.length] (several app processes). */
  targets: { host: string; port: number }[]; connections: number;
  /** The i-th request as bytes, or null when there are no more. Called in send order. */
  next(i: number): Buffer | null;
  /** One complete answer: its request's index, status, body (only for non-2xx), latency in ms. */
  onResponse(i: number, status: number, body: string | null, ms: number): void;
  /** Stop sending new requests once this returns true (checked before each send). */
  done?(): boolean;
  timeoutMs?: number;
}

export interface LoadResult { requests: number; errors: number; elapsedMs: number }

const CRLFCRLF = Buffer.from('\r\n\r\n');

/** Serialises one request (keep-alive, content-length) to bytes. */
export function httpRequest(method: string, path: string, headers: Record<string, string>, body?: string): Buffer {
  const b = body === undefined ? null : Buffer.from(body);
  let head = `${method} ${path} HTTP/1.1\r\nhost: bench\r\nconnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
  if (b) head += `content-length: ${b.length}\r\n`;
  head += '\r\n';
  return b ? Buffer.concat([Buffer.from(head), b]) : Buffer.from(head);
}

/** Runs the load until `next` returns null (or `done()`), every socket idle; resolves with counts. */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  let issued = 0, completed = 0, errors = 0, open = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const finish = () => { if (open === 0) resolve({ requests: completed, errors, elapsedMs: performance.now() - started }); };
    for (let c = 0; c < o.connections; c++) {
      const target = o.targets[c % o.targets.length];
      const socket = net.connect({ host: target.host, port: target.port, noDelay: true });
      open++;
      let buf: Buffer = Buffer.alloc(0);
      let current = -1, sentAt = 0;
      let timer: NodeJS.Timeout | null = null;
      const send = () => {
        if (o.done?.()) { socket.end(); return; }
        const req = o.next(issued);
        if (!req) { socket.end(); return; }
        current = issued++;
        sentAt = performance.now();
        socket.write(req);
        if (o.timeoutMs) { if (timer) clearTimeout(timer); timer = setTimeout(() => socket.destroy(new Error(`request ${current} timed out`)), o.timeoutMs); }
      };
      socket.on('connect', send);
      socket.on('data', (chunk: Buffer) => {
        buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
        for (;;) {
          const end = buf.indexOf(CRLFCRLF);
          if (end < 0) return;
          const head = buf.toString('latin1', 0, end);
          const status = Number(head.slice(9, 12));
          const m = /\r\ncontent-length:\s*(\d+)/i.exec(head);
          // 204 and 304 answers have no body (and Fastify sends no content-length with them).
          if (!m && status !== 204 && status !== 304) { socket.destroy(new Error(`answer without content-length: ${head.slice(0, 200)}`)); return; }
          const len = m ? Number(m[1]) : 0;
          if (buf.length < end + 4 + len) return;
          const body = status >= 300 ? buf.toString('utf8', end + 4, end + 4 + len) : null;
          buf = buf.subarray(end + 4 + len);
          if (timer) { clearTimeout(timer); timer = null; }
          completed++;
          o.onResponse(current, status, body, performance.now() - sentAt);
          send();
        }
      });
      socket.on('error', (e) => { errors++; if (completed === 0 && errors === o.connections) reject(e); });
      socket.on('close', () => { if (timer) clearTimeout(timer); open--; finish(); });
    }
  });
}

// http-floor: what HTTP alone costs on this machine, under the flash-sale benchmark's load (500
// keep-alive connections, the same request bytes, the same load generator on the same cores).
// A server that parses the request and answers a fixed 201, twice in the same run: bare
// node:http (the baseline) and bare Fastify (what the platform is built on). Prints requests/s
// and CPU ms per request for the server and the load generator, and how much of two cores is
// left per order at 5,000 orders/s for everything else (the order's logic and PostgreSQL).
// Knobs: FLOOR_REQUESTS (default 60000), FLOOR_CONNECTIONS (default 500).
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort } from '../src/platform/database.ts';
import { httpRequest, runLoad } from './lib/http-load.ts';

const REQUESTS = Number(process.env.FLOOR_REQUESTS ?? 60_000);
const CONNECTIONS = Number(process.env.FLOOR_CONNECTIONS ?? 500);
const TARGET = 5000;
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const log = (msg: string) => process.stderr.write(`[http-floor] ${msg}\n`);

function cpuSeconds(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const v = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(v[11]) + Number(v[12])) / 100;
}

const address = JSON.stringify({ province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路 100 号' });
const request = (i: number) => httpRequest('POST', `/api/v1/storefront/abcd${i % 20}/flash-items/fls_01kb00000000000000000000/orders`,
  { 'content-type': 'application/json', 'idempotency-key': `floor-${i}-key` },
  `{"consumer":{"name":"抢购者","phone":"13${String(100_000_000 + i).slice(-9)}","address":${address}},"quantity":1}`);

async function measure(kind: 'node-http' | 'fastify') {
  const port = await freePort();
  const child = fork(fileURLToPath(new URL('./lib/floor-server.ts', import.meta.url)), [kind, String(port)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((resolve, reject) => { child.once('message', resolve); child.once('exit', () => reject(new Error(`${kind} server exited`))); });
  try {
    const once = async (n: number) => {
      let bad = 0;
      const app0 = cpuSeconds(child.pid!), load0 = process.cpuUsage(), t0 = performance.now();
      const r = await runLoad({ targets: [{ host: '127.0.0.1', port }], connections: CONNECTIONS, next: (i) => (i < n ? request(i) : null), onResponse: (_i, status) => { if (status !== 201) bad++; } });
      const secs = (performance.now() - t0) / 1000, load = process.cpuUsage(load0);
      return { requests: r.requests, bad: bad + r.errors, reqPerSec: Math.round(r.requests / secs), app: ((cpuSeconds(child.pid!) - app0) * 1000) / r.requests, load: (load.user + load.system) / 1000 / r.requests };
    };
    await once(Math.min(REQUESTS, 10_000)); // warm-up: compiled code, open sockets
    const r = await once(REQUESTS);
    const perRequest = r.app + r.load;
    const figures = {
      reqPerSec: r.reqPerSec, bad: r.bad, cpuMsPerRequest: { server: round(r.app), loadGenerator: round(r.load) },
      leftPerOrderAt5000Ms: round((os.cpus().length * 1000) / TARGET - perRequest),
    };
    log(`${kind}: ${JSON.stringify(figures)}`);
    return figures;
  } finally {
    child.kill('SIGTERM');
  }
}

export async function run(): Promise<object> {
  const nodeHttp = await measure('node-http');
  const fastify = await measure('fastify');
  return {
    bench: 'http-floor', ok: nodeHttp.bad === 0 && fastify.bad === 0, connections: CONNECTIONS, requests: REQUESTS,
    fastify, baseline: { design: 'bare node:http', ...nodeHttp }, ratio: round(fastify.reqPerSec / nodeHttp.reqPerSec, 2),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memGiB: Math.round(os.totalmem() / 2 ** 30 * 10) / 10, node: process.version },
  };
}

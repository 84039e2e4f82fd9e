// A server that does nothing but answer a flash grab's shape of request: the floor under the
// platform's HTTP cost (see bench/http-floor.bench.ts). argv[2]: node-http | fastify; argv[3]: port.
import http from 'node:http';
import Fastify from 'fastify';

const kind = process.argv[2];
const port = Number(process.argv[3]);
const answer = JSON.stringify({
  orderId: 'ord_01kb0000000000000000000000', lookupToken: 'abcdefghijabcdefghijabcdefghij12', status: 'pending_payment',
  amountDue: 12_900, currency: 'CNY', quantity: 1, holdExpiresAt: new Date().toISOString(),
});

if (kind === 'node-http') {
  http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      JSON.parse(body);
      res.writeHead(201, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(answer) });
      res.end(answer);
    });
  }).listen(port, '127.0.0.1', () => process.send?.('up'));
} else if (kind === 'fastify') {
  const app = Fastify();
  app.post('/api/v1/storefront/:shareCode/flash-items/:flashItemId/orders', async (_req, reply) => reply.code(201).type('application/json; charset=utf-8').send(answer));
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.('up');
} else if (kind === 'storefront') {
  // The storefront benchmark's floor: the event page's bytes as the platform sends them (argv[4],
  // compressed as argv[5] says) for GETs, 204 for view records.
  const fs = await import('node:fs');
  const page = fs.readFileSync(process.argv[4]);
  const encoding = process.argv[5];
  const app = Fastify();
  app.get('/api/v1/storefront/:shareCode/sale-events/:saleEventId', async (_req, reply) => {
    if (encoding) reply.header('content-encoding', encoding);
    return reply.type('application/json; charset=utf-8').send(page);
  });
  app.post('/api/v1/storefront/:shareCode/views', async (_req, reply) => reply.code(204).send());
  await app.listen({ port, host: '127.0.0.1' });
  process.send?.('up');
} else {
  throw new Error(`unknown server kind ${kind}`);
}

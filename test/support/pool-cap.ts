// The most connections one pool of a test may open: `npm test` sets TEST_POOL_CAP from the
// server's max_connections and how many test files run at once (scripts/test.ts), so that a
// file's own pool and the API processes it starts never exhaust a small server together.
export function testPoolCap(): number {
  const n = Number(process.env.TEST_POOL_CAP);
  return Number.isInteger(n) && n > 0 ? n : 40;
}

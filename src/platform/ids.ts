// Ids carry a prefix that names their kind (ord_, evt_, …) and sort by creation time (ULID).
import crypto from 'node:crypto';
import { ulid } from 'ulid';

export type IdPrefix =
  | 'usr' | 'ses' | 'brd' | 'ctr' | 'prd' | 'sku' | 'lot' | 'evt' | 'esk' | 'rsl' | 'cus'
  | 'ord' | 'oln' | 'pay' | 'rfd' | 'top' | 'jnl' | 'ntf' | 'mov' | 'upl'
  | 'dsc' | 'fls' | 'gbo' | 'grp' | 'gbm' | 'pre' | 'pro' | 'cpn' | 'rpb' | 'rpk' | 'chg' | 'rec' | 'adr'
  | 'pur' | 'pol' | 'wav' | 'pcl' | 'ret';

// The library's default generator asks the OS for one random byte per character; a flash sale
// makes thousands of ids a second, so draw the same cryptographic bytes in blocks instead.
const pool = Buffer.alloc(8192);
let at = pool.length;
function prng(): number {
  if (at >= pool.length) { crypto.randomFillSync(pool); at = 0; }
  return pool[at++] / 256;
}

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid(undefined, prng).toLowerCase()}`;
}

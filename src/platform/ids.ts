// Ids carry a prefix that names their kind (ord_, evt_, …) and sort by creation time (ULID).
import crypto from 'node:crypto';
import { ulid } from 'ulid';
import { shanghaiDay } from './time.ts';

export type IdPrefix =
  | 'usr' | 'ses' | 'brd' | 'ctr' | 'prd' | 'sku' | 'lot' | 'evt' | 'esk' | 'rsl' | 'cus'
  | 'ord' | 'oln' | 'pay' | 'rfd' | 'top' | 'jnl' | 'ntf' | 'mov' | 'upl'
  | 'dsc' | 'fls' | 'gbo' | 'grp' | 'gbm' | 'pre' | 'pro' | 'cpn' | 'rpb' | 'rpk' | 'chg' | 'rec' | 'adr'
  | 'pur' | 'pol' | 'wav' | 'pcl' | 'ret'
  | 'pac' | 'pyo' | 'mbt' | 'rvw' | 'wdr' | 'bst' | 'bpo' | 'mat' | 'pho';

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

/**
 * A number people read, print and scan (purchase order, wave, parcel, return): a prefix, the day
 * in Asia/Shanghai (yymmdd) and random digits; unique by the table's index.
 */
export function readableNo(prefix: string, digits: number): string {
  const day = shanghaiDay().slice(2).replaceAll('-', '');
  let tail = '';
  while (tail.length < digits) tail += crypto.randomInt(0, 1e9).toString().padStart(9, '0');
  return `${prefix}${day}${tail.slice(0, digits)}`;
}

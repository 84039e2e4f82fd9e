// Ids carry a prefix that names their kind (ord_, evt_, …) and sort by creation time (ULID).
import { ulid } from 'ulid';

export type IdPrefix =
  | 'usr' | 'ses' | 'brd' | 'ctr' | 'prd' | 'sku' | 'lot' | 'evt' | 'esk' | 'rsl' | 'cus'
  | 'ord' | 'oln' | 'pay' | 'rfd' | 'top' | 'jnl' | 'ntf' | 'mov' | 'upl'
  | 'dsc' | 'fls' | 'gbo' | 'grp' | 'gbm' | 'pre' | 'pro' | 'cpn' | 'rpb' | 'rpk';

export function newId(prefix: IdPrefix): string {
  return `${prefix}_${ulid().toLowerCase()}`;
}

// The 省/市/区 tree a consumer picks an address from: the GB/T 2260 divisions of @vant/area-data,
// read the way the paste-to-order parser reads them (orders/paste-order.rules.ts), so a picked
// address and a pasted one name places alike: a municipality (北京, 天津, 上海, 重庆) is its own
// single city holding every district, a county-level city directly under a province (仙桃市) is a
// city whose only district is itself, and the statistical "市辖区" rows are left out. Pure: no I/O.
import { areaList } from '@vant/area-data';

export interface Division {
  /** The 6-digit GB/T 2260 code. */
  code: string;
  name: string;
  /** True when the division has no finer level to pick. */
  leaf: boolean;
}

interface Tree { provinces: Division[]; children: Map<string, Division[]> }

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
let tree: Tree | undefined;

function build(): Tree {
  const { province_list, city_list, county_list } = areaList;
  const children = new Map<string, Division[]>();
  const add = (parent: string, d: Division) => {
    const list = children.get(parent);
    if (list) list.push(d); else children.set(parent, [d]);
  };
  const provinces = Object.entries(province_list).map(([code, name]) => ({ code, name, leaf: false }));
  const cityOf = new Map<string, string>(); // county code prefix (4 digits) → the city code holding it
  for (const p of provinces) {
    const pp = p.code.slice(0, 2);
    if (MUNICIPALITIES.has(pp)) {
      const code = `${pp}0100`;
      add(p.code, { code, name: p.name, leaf: false });
      for (const c of Object.keys(city_list)) if (c.startsWith(pp)) cityOf.set(c.slice(0, 4), code);
    }
  }
  for (const [code, name] of Object.entries(city_list)) {
    const pp = code.slice(0, 2);
    if (MUNICIPALITIES.has(pp) || code.slice(2, 4) === '90') continue;
    add(`${pp}0000`, { code, name, leaf: false });
    cityOf.set(code.slice(0, 4), code);
  }
  for (const [code, name] of Object.entries(county_list)) {
    if (name === '市辖区') continue;
    if (code.slice(2, 4) === '90') {
      // 省直辖县级行政区划: the county-level city is picked as a city, and as its own district.
      add(`${code.slice(0, 2)}0000`, { code, name, leaf: false });
      add(code, { code, name, leaf: true });
      continue;
    }
    const city = cityOf.get(code.slice(0, 4));
    if (city) add(city, { code, name, leaf: true });
  }
  // A city without any district listed (a few island prefectures) is a leaf.
  for (const list of children.values()) for (const d of list) if (!d.leaf && !children.has(d.code)) d.leaf = true;
  for (const p of provinces) if (!children.has(p.code)) p.leaf = true;
  return { provinces, children };
}

/** The provinces, or the divisions directly under `code`; null when `code` names no division with children. */
export function divisionsUnder(code?: string): Division[] | null {
  tree ??= build();
  if (code === undefined) return tree.provinces;
  return tree.children.get(code) ?? null;
}

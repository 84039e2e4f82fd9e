// Paste-to-order rules: read a chat message ("张三 13800138000 上海市浦东新区XX路88号 黑色M码两件")
// into a consumer, an address split into province / city / district / detail, and item hints;
// then match those hints to an event's SKUs. Pure: no I/O. The region table is @vant/area-data
// (GB/T 2260 divisions, kept current by the Vant maintainers); the parsing is ours because the
// address parsers on npm are unmaintained and mix the name, the phone prefix and items into fields.
import { areaList } from '@vant/area-data';

// ---------------------------------------------------------------------------------------------
// Types

export interface ParsedAddress { province: string; city: string; district: string; detail: string }
export interface ItemHint {
  colour?: string;
  size?: string;
  quantity: number;
  /** Words left beside the colour and size, often part of the product's name ("大衣"). */
  product?: string;
  /** The piece of the message this hint was read from. */
  text: string;
}
export type ParseIssue =
  | 'phone_missing' | 'phone_multiple' | 'name_missing' | 'region_missing' | 'region_ambiguous' | 'detail_missing' | 'items_missing';
export interface ParsedOrder {
  name: string;
  phone: string;
  address: ParsedAddress;
  itemHints: ItemHint[];
  /** What could not be placed in any field, for the reseller to read. */
  unparsed: string;
  /** 0..1: how much of a complete order was found. */
  confidence: number;
  issues: ParseIssue[];
}

export interface SkuRef { eventSkuId: string; colour: string; size: string; productName: string }
export interface ParseOptions {
  /** Names of the products the message may order (the event's): where one is named, the items begin. */
  products?: readonly string[];
}
export interface MatchedLine { eventSkuId: string; quantity: number; hints: number[] }
export interface UnmatchedHint { hint: number; reason: 'no_match' | 'ambiguous'; candidates: string[] }

// ---------------------------------------------------------------------------------------------
// The region tree

interface District { name: string; shorts: string[] }
interface City { name: string; shorts: string[]; districts: District[]; countyLevel: boolean; province: Province }
interface Province { name: string; shorts: string[]; cities: City[]; municipality: boolean }
interface Regions {
  provinces: Province[];
  /** Province and city names (full and short) by first character. */
  provinceIndex: Map<string, { p: Province; key: string; full: boolean }[]>;
  cityIndex: Map<string, { c: City; key: string; full: boolean }[]>;
  /** Full district names only: a short district name alone is too easily a street or a shop. */
  districtIndex: Map<string, { d: District; c: City; key: string }[]>;
}

const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
// Ethnic names inside autonomous prefectures and counties ("恩施土家族苗族自治州" is called 恩施).
const ETHNIC = /(蒙古族?|哈萨克族?|柯尔克孜族?|[\u4e00-\u9fa5]{1,3}族)$/;

function stripEthnic(s: string): string {
  let out = s;
  for (let i = 0; i < 4 && ETHNIC.test(out); i++) {
    const next = out.replace(ETHNIC, '');
    if (next.length < 2) break;
    out = next;
  }
  return out;
}

function provinceShorts(name: string): string[] {
  const s = name.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/, '');
  const out = s !== name && s.length >= 2 ? [s] : [];
  if (s === '内蒙古') out.push('内蒙');
  return out;
}

function cityShorts(name: string): string[] {
  let s = name.replace(/(市|地区|盟)$/, '');
  if (name.endsWith('自治州')) s = stripEthnic(name.replace(/自治州$/, ''));
  return s !== name && s.length >= 2 ? [s] : [];
}

function districtShorts(name: string): string[] {
  let s = name.replace(/(新区|林区|特区|区|县|市|旗)$/, '');
  if (/自治[县旗]$/.test(name)) s = stripEthnic(name.replace(/自治[县旗]$/, ''));
  return s !== name && s.length >= 2 ? [s] : [];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v); else m.set(k, [v]);
}

let regions: Regions | undefined;

function loadRegions(): Regions {
  if (regions) return regions;
  const { province_list, city_list, county_list } = areaList;
  const byCode = new Map<string, Province>();
  for (const [code, name] of Object.entries(province_list)) {
    byCode.set(code.slice(0, 2), { name, shorts: provinceShorts(name), cities: [], municipality: MUNICIPALITIES.has(code.slice(0, 2)) });
  }
  const cityByPrefix = new Map<string, City>();
  for (const [code, name] of Object.entries(city_list)) {
    const p = byCode.get(code.slice(0, 2));
    if (!p) continue;
    if (p.municipality) {
      // 重庆's "县" is a statistical grouping: every district and county is simply in 重庆市.
      let c = p.cities[0];
      if (!c) { c = { name: p.name, shorts: p.shorts, districts: [], countyLevel: false, province: p }; p.cities.push(c); }
      cityByPrefix.set(code.slice(0, 4), c);
    } else if (code.slice(2, 4) === '90') {
      continue; // 省直辖县: its counties act as cities (仙桃市, 济源市), added below
    } else {
      const c: City = { name, shorts: cityShorts(name), districts: [], countyLevel: false, province: p };
      p.cities.push(c);
      cityByPrefix.set(code.slice(0, 4), c);
    }
  }
  for (const [code, name] of Object.entries(county_list)) {
    if (name === '市辖区') continue;
    const p = byCode.get(code.slice(0, 2));
    if (!p) continue;
    const c = cityByPrefix.get(code.slice(0, 4));
    if (c) c.districts.push({ name, shorts: districtShorts(name) });
    else if (code.slice(2, 4) === '90') p.cities.push({ name, shorts: districtShorts(name), districts: [], countyLevel: true, province: p });
  }
  const provinceIndex: Regions['provinceIndex'] = new Map();
  const cityIndex: Regions['cityIndex'] = new Map();
  const districtIndex: Regions['districtIndex'] = new Map();
  for (const p of byCode.values()) {
    for (const key of [p.name, ...p.shorts]) push(provinceIndex, key[0], { p, key, full: key === p.name });
    for (const c of p.cities) {
      if (!p.municipality) for (const key of [c.name, ...c.shorts]) push(cityIndex, key[0], { c, key, full: key === c.name });
      for (const d of c.districts) if (d.name.length >= 3) push(districtIndex, d.name[0], { d, c, key: d.name });
    }
  }
  for (const m of [provinceIndex, cityIndex, districtIndex]) for (const list of m.values()) list.sort((a, b) => b.key.length - a.key.length);
  regions = { provinces: [...byCode.values()], provinceIndex, cityIndex, districtIndex };
  return regions;
}

// A short name followed by a street word is a street ("南京路"), not a place.
const STREET_AFTER = /^([东南西北中]?[路街道巷弄里村桥]|大道|大街)/;

function shortOk(s: string, end: number, full: boolean): boolean {
  return full || !STREET_AFTER.test(s.slice(end));
}

function skipGap(s: string, j: number): number {
  while (j < s.length && /[\s:：\-—]/.test(s[j])) j++;
  return j;
}

interface Hit<T> { v: T; end: number; full: boolean }

function matchIn<T>(s: string, i: number, items: T[], names: (t: T) => { key: string; full: boolean }[]): Hit<T> | null {
  let best: Hit<T> | null = null;
  for (const t of items) {
    for (const n of names(t)) {
      if (!s.startsWith(n.key, i)) continue;
      const end = i + n.key.length;
      if (!shortOk(s, end, n.full)) continue;
      if (!best || end > best.end) best = { v: t, end, full: n.full };
    }
  }
  return best;
}

const allNames = (x: { name: string; shorts: string[] }) => [{ key: x.name, full: true }, ...x.shorts.map((key) => ({ key, full: false }))];

interface RegionMatch {
  start: number; end: number;
  province: Province | null; city: City | null; district: string;
  levels: number; full: boolean; ambiguous: boolean;
}

// A town right after a county-level city (湖北省仙桃市郑场镇) stands in for the district.
const TOWN = /^[\u4e00-\u9fa5]{1,6}?(镇|乡|街道)/;

function districtAfter(s: string, j: number, c: City): { name: string; end: number; full: boolean } | null {
  const k = skipGap(s, j);
  const d = matchIn(s, k, c.districts, allNames);
  if (d) return { name: d.v.name, end: d.end, full: d.full };
  if (c.countyLevel) {
    const m = TOWN.exec(s.slice(k));
    if (m) return { name: m[0], end: k + m[0].length, full: true };
  }
  return null;
}

function chainsAt(s: string, i: number): RegionMatch[] {
  const R = loadRegions();
  const out: RegionMatch[] = [];
  const ch = s[i];
  // province first
  for (const e of R.provinceIndex.get(ch) ?? []) {
    if (!s.startsWith(e.key, i) || !shortOk(s, i + e.key.length, e.full)) continue;
    const p = e.p;
    let j = i + e.key.length;
    if (!e.full && s[j] === '省') j++; // "广西省", written as people do
    let full = e.full;
    let city: City | null = null;
    let district = '';
    let levels = 1;
    let end = j;
    if (p.municipality) {
      city = p.cities[0];
      const again = matchIn(s, skipGap(s, j), [city], allNames);
      if (again) { end = j = again.end; full ||= again.full; }
      const d = districtAfter(s, j, city);
      if (d) { district = d.name; end = d.end; levels++; full ||= d.full; }
    } else {
      const c = matchIn(s, skipGap(s, j), p.cities, allNames);
      if (c) {
        city = c.v; end = c.end; levels++; full ||= c.full;
        const d = districtAfter(s, c.end, c.v);
        if (d) { district = d.name; end = d.end; levels++; full ||= d.full; }
      } else {
        // 省 + 区 with the city left out: infer the city when the district names one
        const k = skipGap(s, j);
        const hits = p.cities.flatMap((cc) => { const d = matchIn(s, k, cc.districts, allNames); return d ? [{ cc, d }] : []; });
        if (hits.length === 1) { city = hits[0].cc; district = hits[0].d.v.name; end = hits[0].d.end; levels++; }
      }
    }
    out.push({ start: i, end, province: p, city, district, levels, full, ambiguous: false });
  }
  // city first: the province is inferred
  for (const e of R.cityIndex.get(ch) ?? []) {
    if (!s.startsWith(e.key, i) || !shortOk(s, i + e.key.length, e.full)) continue;
    let end = i + e.key.length;
    let district = '';
    let levels = 1;
    let full = e.full;
    const d = districtAfter(s, end, e.c);
    if (d) { district = d.name; end = d.end; levels++; full ||= d.full; }
    out.push({ start: i, end, province: e.c.province, city: e.c, district, levels, full, ambiguous: false });
  }
  // a full district name alone: the city is inferred when only one has that name
  const ds = (R.districtIndex.get(ch) ?? []).filter((e) => s.startsWith(e.key, i));
  if (ds.length) {
    const longest = Math.max(...ds.map((e) => e.key.length));
    const same = ds.filter((e) => e.key.length === longest);
    const unique = same.length === 1;
    out.push({
      start: i, end: i + longest, province: unique ? same[0].c.province : null, city: unique ? same[0].c : null,
      district: same[0].d.name, levels: 1, full: true, ambiguous: !unique,
    });
  }
  return out;
}

/** The first place in `s` where a province / city / district chain starts. */
export function findRegion(s: string, labelled = false): RegionMatch | null {
  for (let i = 0; i < s.length; i++) {
    if (!/[\u4e00-\u9fa5]/.test(s[i])) continue;
    const ok = chainsAt(s, i).filter((m) => labelled || m.full || m.levels >= 2 || (m.levels === 1 && /\d/.test(s.slice(m.end))));
    if (!ok.length) continue;
    ok.sort((a, b) => b.levels - a.levels || b.end - a.end || Number(a.ambiguous) - Number(b.ambiguous));
    return ok[0];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Numbers, sizes, colours

const CN_DIGIT: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 俩: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "3" → 3, "两" → 2, "十二" → 12, "二十" → 20; null when not a number. */
export function parseCount(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[零一二两俩三四五六七八九十]+$/.test(s)) return null;
  if (!s.includes('十')) return s.length === 1 ? CN_DIGIT[s] : null;
  if (s.indexOf('十') !== s.lastIndexOf('十')) return null;
  const [a, b] = s.split('十');
  const tens = a === '' ? 1 : CN_DIGIT[a];
  const ones = b === '' ? 0 : CN_DIGIT[b];
  if (tens === undefined || ones === undefined || a.length > 1 || b.length > 1) return null;
  return tens * 10 + ones;
}

const UNIT = '件|个|条|套|瓶|支|盒|只|双|份|包|袋|罐|管|台|顶|副|对|张|本|单';
const NUM = '\\d{1,3}|[一二两俩三四五六七八九十]{1,3}';
const KIDS_SIZES = new Set(['52', '59', '66', '73', '80', '90', '100', '110', '120', '130', '140', '150', '160', '165', '170']);

/** Sizes compared across spellings: "m码" = "M", "2XL" = "XXL", "30毫升" = "30ML", "F" = "均码". */
export function normaliseSize(size: string): string {
  let s = size.trim().toUpperCase().replace(/\s+/g, '').replace(/[码號号]$/, '');
  s = s.replace(/毫升$/, 'ML').replace(/克$/, 'G').replace(/CM$/, '');
  const x = /^([2-5])XL$/.exec(s);
  if (x) s = `${'X'.repeat(Number(x[1]))}L`;
  if (/^(F|FREE|FREESIZE|ONESIZE|均|均码|均号)$/.test(s)) s = '均码';
  return s;
}

// Colour names without 色 that people write alone ("黑M", "米白L"); longest first.
const COLOURS = [
  '雾霾蓝', '象牙白', '枫叶棕', '牛仔蓝', '克莱因蓝', '奶茶', '米白', '米黄', '卡其', '燕麦', '藏青', '藏蓝', '酒红', '军绿', '墨绿', '烟粉', '青花',
  '深蓝', '浅蓝', '天蓝', '宝蓝', '湖蓝', '深灰', '浅灰', '花灰', '奶白', '姜黄', '焦糖', '正红', '豆沙', '橘调', '咖啡', '香槟', '玫红', '粉红', '浅粉',
  '自然', '杏', '驼', '黑', '白', '红', '蓝', '灰', '粉', '黄', '绿', '紫', '橙', '棕', '咖', '金', '银', '青',
].sort((a, b) => b.length - a.length);
// Words that end a colour when reading back from 色 ("要黑色" is 黑色).
const NOT_COLOUR = new Set([...'要来拿买的和跟还再加各共个件码号颜我也都一两二三四五六七八九十发给帮下单', ' ']);

function colourCore(c: string): string {
  return c.replace(/^#?\d+\s*/, '').replace(/色$/, '').trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Items

interface Feature { kind: 'size' | 'qty' | 'colour' | 'bare' | 'kid'; value: string; start: number; end: number; each?: boolean; total?: boolean }

function mask(s: string, start: number, end: number): string {
  return s.slice(0, start) + ' '.repeat(end - start) + s.slice(end);
}

function collect(run: string): { features: Feature[]; masked: string } {
  const features: Feature[] = [];
  let m = run;
  const take = (re: RegExp, f: (x: RegExpExecArray) => Omit<Feature, 'start' | 'end'> | null, group = 0) => {
    for (const x of [...m.matchAll(re)]) {
      const start = x.index! + (group ? x[0].indexOf(x[group]) : 0);
      const end = group ? start + x[group].length : x.index! + x[0].length;
      const v = f(x);
      if (!v) continue;
      features.push({ ...v, start, end });
      m = mask(m, start, end);
    }
  };
  // bottle and pack sizes before counts: "3支装" is a size, "3支" a quantity
  take(/(\d+(?:\.\d+)?)\s*(ml|毫升|g|克|片装|支装|粒装|袋装)(?![a-z])/gi, (x) => ({ kind: 'size', value: x[1] + x[2].toLowerCase().replace('毫升', 'ml').replace('克', 'g') }));
  take(/(?:[x×*]|乘以?)\s*(\d{1,3})(?!\d)/gi, (x) => ({ kind: 'qty', value: x[1] }));
  take(/均码|均号|free\s*size|one\s*size/gi, () => ({ kind: 'size', value: '均码' }));
  take(/(?<![a-z])([2-5]?x{0,4}[sl]|m|xs)(?:码|号)?(?![a-z])/gi, (x) => ({ kind: 'size', value: normaliseSize(x[1]) }));
  take(/(?<![a-z])f(?:码|号)/gi, () => ({ kind: 'size', value: '均码' }));
  take(/(?<!\d)(\d{2,3})\s*(?:码|cm)/gi, (x) => ({ kind: 'size', value: x[1] }));
  take(new RegExp(`(?:(各|共|一共|总共|合计)\\s*)?(${NUM})\\s*(?:${UNIT})`, 'g'), (x) => {
    const n = parseCount(x[2]);
    return n === null ? null : { kind: 'qty', value: String(n), each: x[1] === '各', total: Boolean(x[1] && x[1] !== '各') };
  });
  take(/(?<!\d)(\d{2,3})(?!\d)/g, (x) => (KIDS_SIZES.has(x[1]) ? { kind: 'kid', value: x[1] } : null));
  take(/(?<!\d)(\d{1,2})(?!\d)/g, (x) => ({ kind: 'bare', value: x[1] }));
  // colours: "…色" read back to the first word that is not part of a colour, then known names
  for (let i = m.indexOf('色'); i >= 0; i = m.indexOf('色', i + 1)) {
    let j = i;
    while (j > 0 && i - j < 4 && /[\u4e00-\u9fa5]/.test(m[j - 1]) && !NOT_COLOUR.has(m[j - 1])) j--;
    if (j === i) continue;
    // "大衣驼色" is 驼色: past two characters, keep the longest colour name it ends with
    const word = m.slice(j, i);
    if (word.length > 2) j = i - (COLOURS.find((c) => word.endsWith(c))?.length ?? 2);
    features.push({ kind: 'colour', value: m.slice(j, i + 1), start: j, end: i + 1 });
    m = mask(m, j, i + 1);
  }
  for (const c of COLOURS) {
    for (let i = m.indexOf(c); i >= 0; i = m.indexOf(c, i + c.length)) {
      // one character is a colour beside a size or a count ("黑M", "驼两件"), not inside a word ("口红")
      const cjk = (ch: string | undefined) => /[\u4e00-\u9fa5]/.test(ch ?? '');
      if (c.length === 1 && cjk(run[i + 1]) && (cjk(run[i - 1]) || !/[一二两俩三四五六七八九十的款]/.test(run[i + 1]))) continue;
      features.push({ kind: 'colour', value: c.length === 1 ? `${c}色` : c, start: i, end: i + c.length });
      m = mask(m, i, i + c.length);
    }
  }
  features.sort((a, b) => a.start - b.start);
  return { features, masked: m };
}

const FILLER = /[号码]|我要|还要|再要|另外|以及|还有|帮我|麻烦|下单|一下|谢谢|要|来|拿|买|的|和|跟|再|加|各|共|款|颜色|尺码|码数|尺寸|规格|数量|那个|这个|同款|哦|呀|啊|吧|呢|了|亲|宝贝/g;

function leftover(masked: string, from: number, to: number): string {
  return masked.slice(from, to).replace(FILLER, ' ').replace(/[^\u4e00-\u9fa5A-Za-z0-9#]+/g, ' ').replace(/#(?!\d)/g, ' ').replace(/\s+/g, ' ').trim();
}

interface Group { colours: string[]; sizes: string[]; qty?: number; each: boolean; start: number; end: number; kids: string[]; leading: boolean }

/** "黑色M一件 驼色L两件", "2件黑色M", "黑色白色M码各一件", "30ml x2" → one hint per colour × size. */
export function parseItems(run: string): { hints: ItemHint[]; rest: string } {
  const { features, masked } = collect(run);
  const groups: Group[] = [];
  let g: Group | null = null;
  const open = (f: Feature): Group => { const n: Group = { colours: [], sizes: [], kids: [], each: false, leading: false, start: f.start, end: f.end }; groups.push(n); return n; };
  const hasAttrs = (x: Group) => x.colours.length > 0 || x.sizes.length > 0 || x.kids.length > 0;
  for (const f of features) {
    if (f.total) continue; // "共3件" repeats the sum of the lines
    if (f.kind === 'qty') {
      if (!g || g.qty !== undefined) g = open(f);
      // "2件黑色M": a count before any colour or size belongs to what follows it
      g.leading = !hasAttrs(g);
      g.qty = Number(f.value); g.each ||= Boolean(f.each); g.end = f.end;
      continue;
    }
    if (f.kind === 'bare') {
      if (g && g.qty === undefined && (g.sizes.length || g.kids.length)) { g.qty = Number(f.value); g.end = f.end; }
      continue;
    }
    // an attribute after a counted item, or a second colour after colour and size, starts a new item
    if (!g || (g.qty !== undefined && !g.leading) || (f.kind === 'colour' && g.colours.length > 0 && (g.sizes.length > 0 || g.kids.length > 0))) g = open(f);
    if (f.kind === 'colour') g.colours.push(f.value);
    else if (f.kind === 'size') g.sizes.push(f.value);
    else g.kids.push(f.value);
    g.end = f.end;
  }
  const hints: ItemHint[] = [];
  let prevEnd = 0;
  for (const x of groups) {
    // kids' sizes written bare ("黑色100") count only where no other size was given
    const sizes = x.sizes.length ? x.sizes : x.kids;
    const product = leftover(masked, prevEnd, x.end) || undefined;
    const text = run.slice(prevEnd, x.end).trim();
    prevEnd = x.end;
    if (!x.colours.length && !sizes.length && !product) continue;
    const colours = x.colours.length ? x.colours : [undefined];
    const sz = sizes.length ? sizes : [undefined];
    const combos = colours.length * sz.length;
    const qty = x.qty === undefined ? 1 : x.each || combos === 1 ? x.qty : Math.max(1, Math.floor(x.qty / combos));
    for (const c of colours) for (const s of sz) {
      const h: ItemHint = { quantity: qty, text };
      if (c) h.colour = c;
      if (s) h.size = s;
      if (product) h.product = product;
      hints.push(h);
    }
  }
  return { hints, rest: leftover(masked, prevEnd, masked.length) };
}

function itemLike(token: string): boolean {
  if (/色/.test(token) && !/^颜色$/.test(token)) return true;
  const { features } = collect(token);
  const kinds = new Set(features.map((f) => f.kind));
  if (kinds.has('qty') || kinds.has('size')) return true;
  if (kinds.has('colour')) {
    const multi = features.some((f) => f.kind === 'colour' && f.value.length > 2);
    // "白雪" is a name; "米白", "黑M" and "黑 M" are items
    return multi || kinds.has('kid') || token.length === 1;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Names

const SURNAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝']);
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '令狐', '司徒', '公孙', '尉迟', '长孙', '宇文', '澹台', '端木'];
const NOT_NAME = new Set([
  '你好', '您好', '老板', '亲亲', '在吗', '在么', '谢谢', '麻烦', '辛苦', '发货', '快递', '顺丰', '包邮', '尽快', '下单', '帮我', '地址', '电话', '收件', '姓名', '收货',
  '今天', '明天', '加急', '备注', '宝贝', '姐妹', '美女', '宝宝', '小姐姐', '你们', '我们', '好的', '哈哈', '谢谢啦', '谢啦', '拜托', '感谢', '要的', '拍下', '订单', '客户',
  '顾客', '收件人', '收货人', '联系人', '手机', '手机号', '详细地址', '所在地区', '商品', '规格', '数量', '颜色', '尺码', '麻烦了', '谢谢亲', '发顺丰', '中通', '圆通', '韵达',
]);
// Politeness around the order ("你好老板，麻烦帮我下单") is neither a name nor worth showing back.
const GREETING = /你好|您好|老板|麻烦|谢谢|感谢|帮我|下单|在吗|在么|亲爱|辛苦|拜托/;
const ADDRESS_WORD = /小区|大厦|花园|公寓|广场|中心|大楼|[村镇乡街路弄巷苑府院园庄屯湾坊栋幢座号室楼层区县市省道]/;

function nameOf(token: string): string | null {
  const t = token.replace(/^(先生|女士|小姐)?[:]/, '').replace(/(\(收\)|收)$/, '').trim();
  if (NOT_NAME.has(t) || GREETING.test(t)) return null;
  if (/^[\u4e00-\u9fa5]{2,4}$/.test(t) || /^[\u4e00-\u9fa5]{1,6}·[\u4e00-\u9fa5]{1,8}$/.test(t)) return t;
  if (/^[A-Za-z][A-Za-z.'-]{1,19}( [A-Za-z][A-Za-z.'-]{0,19}){0,2}$/.test(t) && !/^(x{0,4}[sl]|m|xs|ml|ok|hi|hello|thanks?)$/i.test(t)) return t;
  return null;
}

function nameScore(name: string): number {
  let s = 0;
  if (SURNAMES.has(name[0]) || COMPOUND_SURNAMES.some((c) => name.startsWith(c))) s += 2;
  if (name.length >= 2 && name.length <= 3) s += 1;
  if (/(先生|女士|小姐)$/.test(name)) s += 1;
  if (ADDRESS_WORD.test(name)) s -= 2;
  return s;
}

// ---------------------------------------------------------------------------------------------
// The message

const PHONE = /(?<![\d])(?:\+?\s*86[\s-]*)?(1[3-9]\d)[\s-]*(\d{4})[\s-]*(\d{4})(?!\d)/g;
// Labels people and apps put before fields; the marker says what the text after it is.
const LABELS: [RegExp, string][] = [
  [/(?:收件人|收货人|联系人|姓名|客户姓名|顾客姓名)\s*[:]?/g, 'name'],
  [/(?:名字|客户|顾客)\s*[:]/g, 'name'],
  [/(?:收货地址|收件地址|送货地址|详细地址|所在地区|所在地|地址)\s*[:]?/g, 'addr'],
  [/(?:联系电话|手机号码|手机号|电话号码|联系方式|电话|手机|tel|phone|mobile)\s*[:]?/gi, 'phone'],
  [/(?:下单商品|商品|宝贝|款式|规格|要的)\s*[:]/g, 'item'],
];
const SEGMENT_SPLIT = /[\n,;。、|!?！？]+/;

export function normaliseText(text: string): string {
  return text.normalize('NFKC')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[×✕✖]/g, 'x')
    .replace(/[“”"‘’'【】\[\]{}<>《》「」]/g, ' ')
    .replace(/[(（]\s*收\s*[)）]/g, '收')
    .replace(/[()（）]/g, ' ')
    .replace(/[~～]+/g, ' ')
    .replace(/(?:颜色|尺码|尺寸)\s*[:]/g, ' ')
    .replace(/数量\s*[:]?\s*(\d{1,3})/g, ' x$1 ')
    .replace(/\r/g, '');
}

interface Segment { type: 'auto' | 'name' | 'addr' | 'phone' | 'item'; text: string; index: number }

function segmentsOf(text: string): Segment[] {
  let t = text;
  for (const [re, type] of LABELS) t = t.replace(re, `\n\u0001${type}\u0002`);
  const out: Segment[] = [];
  let inherited: Segment['type'] = 'auto';
  for (const block of t.split('\n')) {
    const m = /^\u0001(\w+)\u0002/.exec(block);
    const type = (m ? m[1] : 'auto') as Segment['type'];
    const body = m ? block.slice(m[0].length) : block;
    if (m) inherited = type;
    body.split(SEGMENT_SPLIT).forEach((piece, k) => {
      const text = piece.replace(/\s+/g, ' ').trim();
      if (!text) return;
      // a label covers the text up to the next separator; address labels cover a wrapped address too
      const segType = k === 0 ? type : inherited === 'addr' ? 'addr' : 'auto';
      out.push({ type: segType, text, index: out.length });
    });
  }
  return out;
}

const ADDRESSY = /\d+\s*(号|栋|幢|单元|室|楼|层|弄|座|户|号楼)|小区|大厦|花园|公寓|广场|大楼|[路街道巷弄]\s*\d/;
// A glued tail after the house number: "XX路88号黑色M码两件" or "XX路88号张三".
const DETAIL_END = /.*(号|室|栋|幢|单元|楼|层|座|户|弄|\d)/;
const HOUSE_NUMBER_END = /(号|室|栋|幢|单元|楼|层|座|户|弄|\d)$/;

/** Product names as a message reads them (normalised, spaces collapsed), longest first. */
function productNames(products: readonly string[] | undefined): string[] {
  const names = (products ?? []).map((p) => normaliseText(p).replace(/\s+/g, ' ').trim()).filter((p) => p.length >= 2);
  return [...new Set(names)].sort((a, b) => b.length - a.length);
}

/** `text` begins with a product's name ("儿童摇粒绒外套 …"), or is written as a long piece of one ("摇粒绒外套"). */
function namesProduct(text: string, names: string[]): boolean {
  if (names.some((n) => text.startsWith(n))) return true;
  const word = /^[\u4e00-\u9fa5]+/.exec(text)?.[0] ?? '';
  return word.length >= 4 && word.length === text.split(' ')[0].length && !ADDRESS_WORD.test(word) && names.some((n) => n.includes(word));
}

/** Where a product's name starts glued to a house number ("100号儿童摇粒绒外套" → 4), or -1. */
function gluedProduct(token: string, names: string[]): number {
  for (const n of names) {
    const head = n.split(' ')[0];
    if (head.length < 3) continue;
    const at = token.indexOf(head);
    if (at > 0 && HOUSE_NUMBER_END.test(token.slice(0, at))) return at;
  }
  return -1;
}

/** A product's name written just before its colour and size ("羊毛大衣 驼色M"), read the same in an address and elsewhere. */
function productBeforeItem(tokens: string[], k: number): boolean {
  const tok = tokens[k];
  return k + 1 < tokens.length && itemLike(tokens[k + 1]) && !GREETING.test(tok) && !nameOf(tok) && /[\u4e00-\u9fa5]{2,}/.test(tok);
}

export function parsePastedOrder(input: string, options: ParseOptions = {}): ParsedOrder {
  const issues: ParseIssue[] = [];
  const products = productNames(options.products);
  const text = normaliseText(input ?? '');
  const phones: string[] = [];
  const withoutPhones = text.replace(PHONE, (_m, a: string, b: string, c: string) => { phones.push(a + b + c); return '\n\u0003\n'; });
  const all = segmentsOf(withoutPhones);
  // where the phone was, to prefer the name written next to it
  const phoneSegmentHint = all.findIndex((s) => s.text === '\u0003');
  const segs = all.filter((s) => s.text !== '\u0003');

  let labelledName = '';
  const nameCandidates: { name: string; score: number; glued?: boolean }[] = [];
  const itemRuns: string[] = [];
  const unparsed: string[] = [];
  let region: RegionMatch | null = null;
  let detail = '';
  let addressSeg = -1;
  let regionAmbiguous = false;

  const classifyTokens = (s: string, segIndex: number) => {
    const tokens = s.split(/[\s/:]+/).filter(Boolean);
    let run: string[] = [];
    const flush = () => { if (run.length) itemRuns.push(run.join(' ')); run = []; };
    for (let k = 0; k < tokens.length; k++) {
      const tok = tokens[k];
      if (itemLike(tok) || (run.length && /^\d{1,2}$/.test(tok))) { run.push(tok); continue; }
      // a product's name written just before its colour and size ("羊毛大衣 驼色M")
      if (productBeforeItem(tokens, k)) { run.push(tok); continue; }
      flush();
      const n = nameOf(tok);
      if (n) {
        const near = phoneSegmentHint >= 0 ? Math.abs(segIndex - phoneSegmentHint) : 9;
        nameCandidates.push({ name: n, score: nameScore(n) + (near <= 1 ? 1 : 0) });
      } else if (!NOT_NAME.has(tok) && !GREETING.test(tok) && /[\p{L}\p{N}]/u.test(tok) && !/^[\u4e00-\u9fa5]$/.test(tok)) unparsed.push(tok);
    }
    flush();
  };

  // Words after the region while they read as an address; the rest is read as items or a name.
  // The address ends where the items begin: an item ("黑色M"), a product of the event named
  // ("文三路100号 儿童摇粒绒外套 浅蓝110码1件"), or, once the house number is written, a word
  // before an item (a product's name the event does not spell that way), as on a line of its own.
  const takeDetail = (rest: string, segIndex: number) => {
    const tokens = rest.replace(/^[\s:,]+/, '').split(' ').filter(Boolean);
    const parts: string[] = [];
    let k = 0;
    for (; k < tokens.length; k++) {
      const tok = tokens[k];
      if (itemLike(tok) && !ADDRESSY.test(tok)) break;
      if (products.length && namesProduct(tokens.slice(k).join(' '), products)) break;
      const glued = products.length ? gluedProduct(tok, products) : -1;
      if (glued > 0) { parts.push(tok.slice(0, glued)); tokens[k] = tok.slice(glued); break; }
      if (parts.some((p) => /\d/.test(p)) && !ADDRESS_WORD.test(tok) && !/\d/.test(tok) && !ADDRESSY.test(tokens[k + 1] ?? '') && productBeforeItem(tokens, k)) break;
      if (parts.length && !ADDRESS_WORD.test(tok) && !/\d/.test(tok) && nameOf(tok)) break;
      parts.push(tok);
    }
    const d = splitDetailTail(parts.join(' '), segIndex);
    detail = [detail, d].filter(Boolean).join(' ');
    addressSeg = segIndex;
    if (k < tokens.length) classifyTokens(tokens.slice(k).join(' '), segIndex);
  };

  // "88号黑色M码两件" → detail "88号", the tail read as items; "88号张三" → the tail is a name
  const splitDetailTail = (d: string, segIndex: number): string => {
    const m = DETAIL_END.exec(d);
    if (!m) return d;
    const tail = d.slice(m[0].length).trim();
    if (!tail || ADDRESS_WORD.test(tail.replace(/色/g, ''))) return d;
    if (itemLike(tail)) { classifyTokens(tail, segIndex); return d.slice(0, m[0].length).trim(); }
    const n = nameOf(tail);
    // a glued name is a guess ("88号张三" or a mall, "1018号龙之梦"): it loses to any written apart
    if (n && nameScore(n) >= 2) { nameCandidates.push({ name: n, score: nameScore(n) - 3, glued: true }); return d.slice(0, m[0].length).trim(); }
    return d;
  };

  const takeAddress = (seg: Segment, m: RegionMatch) => {
    region = m;
    regionAmbiguous = m.ambiguous;
    const before = seg.text.slice(0, m.start).trim();
    if (before) classifyTokens(before, seg.index);
    takeDetail(seg.text.slice(m.end), seg.index);
  };

  for (const seg of segs) {
    if (seg.type === 'name' && !labelledName) {
      const [first, ...rest] = seg.text.split(' ');
      const n = nameOf(first) ?? (first.length <= 10 ? first : '');
      if (n) { labelledName = n; if (rest.length) classifyTokens(rest.join(' '), seg.index); continue; }
    }
    if (seg.type === 'item') { classifyTokens(seg.text, seg.index); continue; }
    if (!region) {
      const m = findRegion(seg.text, seg.type === 'addr');
      if (m) { takeAddress(seg, m); continue; }
      if (seg.type === 'addr' && !detail) {
        // labelled but no known region: keep it as the detail for the reseller to complete
        takeDetail(seg.text, seg.index);
        continue;
      }
    } else if (seg.type === 'addr' || (seg.index === addressSeg + 1 && ADDRESSY.test(seg.text.split(' ')[0]))) {
      // the address goes on ("所在地区：江苏省 南京市 鼓楼区 详细地址：中山北路30号", or wrapped after a comma)
      const again = findRegion(seg.text, true);
      const repeats = again && again.start === 0 && again.province === (region as RegionMatch | null)?.province;
      takeDetail(repeats ? seg.text.slice(again.end) : seg.text, seg.index);
      continue;
    }
    classifyTokens(seg.text, seg.index);
  }

  if (!region && !detail) {
    // no province or city written: an address-looking piece still becomes the detail
    const k = unparsed.findIndex((u) => ADDRESSY.test(u));
    if (k >= 0) detail = unparsed.splice(k, 1)[0];
  }

  const itemHints = itemRuns.flatMap((r) => {
    const { hints, rest } = parseItems(r);
    if (rest && !hints.length) unparsed.push(rest);
    return hints;
  });

  let name = labelledName;
  nameCandidates.sort((a, b) => b.score - a.score);
  if (!name && nameCandidates.length) name = nameCandidates.shift()!.name;
  for (const c of nameCandidates) {
    if (c.glued) detail += c.name; else unparsed.push(c.name);
  }

  const r = region as RegionMatch | null;
  const address: ParsedAddress = {
    province: r?.province?.name ?? '',
    city: r?.city?.name ?? '',
    district: r?.district || (r?.city?.countyLevel ? r.city.name : ''),
    detail: detail.replace(/^[\s,，:：-]+|[\s,，。:：-]+$/g, '').replace(/\s+/g, ' '),
  };

  if (!phones.length) issues.push('phone_missing');
  if (new Set(phones).size > 1) issues.push('phone_multiple');
  if (!name) issues.push('name_missing');
  if (!address.province || !address.city || !address.district) issues.push(regionAmbiguous ? 'region_ambiguous' : 'region_missing');
  if (!address.detail) issues.push('detail_missing');
  if (!itemHints.length) issues.push('items_missing');

  const score = (name ? 0.15 : 0) + (phones.length ? 0.25 : 0) + (address.province ? 0.1 : 0) + (address.city ? 0.1 : 0) + (address.district ? 0.1 : 0)
    + (address.detail.length >= 3 ? 0.1 : 0) + (itemHints.length ? ITEMS_WEIGHT : 0) - (unparsed.length ? 0.05 : 0) - (phones.length > 1 ? 0.1 : 0);
  return {
    name, phone: phones[0] ?? '', address, itemHints,
    unparsed: unparsed.join(' ').trim(), confidence: Math.max(0, Math.round(score * 100) / 100), issues,
  };
}

/** The items' part of an order's completeness: what the reseller would still have to do by hand. */
export const ITEMS_WEIGHT = 0.2;

/**
 * How complete a draft is once its items have met the event's SKUs. An item that fits several
 * products, or none, still waits for the reseller's choice, so it takes its share of the items'
 * part away: a draft with such an item never reads 100%. `share` is what choosing one gives back.
 */
export function draftCompleteness(parsed: Pick<ParsedOrder, 'confidence' | 'itemHints'>, unmatched: number): { completeness: number; share: number } {
  const hints = parsed.itemHints.length;
  if (hints === 0 || unmatched <= 0) return { completeness: parsed.confidence, share: 0 };
  const share = Math.floor((ITEMS_WEIGHT * 10_000) / hints) / 10_000;
  const open = Math.min(unmatched, hints);
  // below 100% even when rounding would lift a tiny share back to a whole per cent
  return { completeness: Math.max(0, Math.min(0.99, Math.floor((parsed.confidence - share * open) * 100) / 100)), share };
}

// ---------------------------------------------------------------------------------------------
// Matching hints to SKUs

function commonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) {
    let k = 0;
    while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
    if (k > best) best = k;
  }
  return best;
}

function colourScore(h: ItemHint, sku: SkuRef, productColours: number): number {
  const sc = colourCore(sku.colour);
  if (h.colour) {
    const hc = colourCore(h.colour);
    if (!hc || !sc) return 0;
    if (hc === sc) return 3;
    if (sc.includes(hc) || hc.includes(sc)) return 2;
    return 0;
  }
  // no colour read: the text may still name it ("#02"), or the product has one colour only
  const code = /#?(\d{1,3})/.exec(sku.colour)?.[1];
  if (sc && h.text.toLowerCase().includes(sc)) return 3;
  if (code && new RegExp(`#?0*${Number(code)}号?(?!\\d)`).test(h.text) && /#/.test(sku.colour)) return 3;
  return productColours === 1 ? 1 : 0.5;
}

/** Match each hint to one SKU of the event; hints that fit none, or several, are returned apart. */
export function matchItems(hints: ItemHint[], skus: SkuRef[]): { lines: MatchedLine[]; unmatched: UnmatchedHint[] } {
  const coloursOf = new Map<string, Set<string>>();
  const sizesOf = new Map<string, Set<string>>();
  for (const s of skus) {
    (coloursOf.get(s.productName) ?? coloursOf.set(s.productName, new Set()).get(s.productName)!).add(s.colour);
    (sizesOf.get(s.productName) ?? sizesOf.set(s.productName, new Set()).get(s.productName)!).add(normaliseSize(s.size));
  }
  const lines = new Map<string, MatchedLine>();
  const unmatched: UnmatchedHint[] = [];
  hints.forEach((h, i) => {
    const size = h.size ? normaliseSize(h.size) : null;
    const scored = skus.map((s) => {
      const sizeOk = size ? normaliseSize(s.size) === size : true;
      const cs = colourScore(h, s, coloursOf.get(s.productName)!.size);
      const ps = h.product ? commonRun(h.product, s.productName) : 0;
      return { s, sizeOk, cs, ps: ps >= 2 ? ps : 0 };
    });
    let cands = scored.filter((x) => x.sizeOk && (h.colour ? x.cs >= 2 : true));
    if (cands.some((x) => x.ps > 0)) { const top = Math.max(...cands.map((x) => x.ps)); cands = cands.filter((x) => x.ps === top); }
    if (cands.length > 1) { const top = Math.max(...cands.map((x) => x.cs)); cands = cands.filter((x) => x.cs === top); }
    if (cands.length === 1) {
      const id = cands[0].s.eventSkuId;
      const line = lines.get(id);
      if (line) { line.quantity += h.quantity; line.hints.push(i); } else lines.set(id, { eventSkuId: id, quantity: h.quantity, hints: [i] });
      return;
    }
    if (cands.length > 1) { unmatched.push({ hint: i, reason: 'ambiguous', candidates: cands.slice(0, 20).map((x) => x.s.eventSkuId) }); return; }
    // nothing fits: offer what shares the size or the colour
    const near = scored.filter((x) => x.sizeOk || x.cs >= 2).slice(0, 20).map((x) => x.s.eventSkuId);
    unmatched.push({ hint: i, reason: 'no_match', candidates: near });
  });
  return { lines: [...lines.values()], unmatched };
}

// sorting: the warehouse's sorting wave (合单) and its labels (面单), in one process, no database.
//
// 1. Builds a warehouse: 30,000 received units of 10,000 consumers from 20 sale events (档期) of
//    different brands — Chinese names and addresses, some consumers with two or three addresses
//    (home, office, their parents'), a few households where two names share a phone and address,
//    units per consumer skewed (most have one to three, a few dozens), weights 100–3,000 g (most
//    light), each event's goods arriving over an hour or two in the last eight hours. One
//    in ten of the consumer-and-address groups still has paid goods on the way ("expected").
// 2. Times planParcels over it with the carrier's policy (hold 120 minutes, 20 kg, 30 items):
//    one unmeasured run, then the best of three → sortMs. The baseline is what any sort must pay:
//    the same units grouped into a Map by their consumer-and-address key (groupKey), best of three.
// 3. Renders a label for every parcel (renderLabels), 1,000 to a document, as the warehouse
//    prints them → labelsPerSecond (after one unmeasured document of 50, which loads the font).
//
// Knobs: BENCH_LABELS (labels to render, default all parcels; at least 3,000 when set lower).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { planParcels, groupKey, type Address, type Parcel, type ReceivedUnit, type SortPolicy } from '../src/modules/fulfillment/fulfillment.rules.ts';
import { renderLabels, type ShippingLabel } from '../src/modules/fulfillment/labels.ts';

const UNITS = 30_000;
const CONSUMERS = 10_000;
const EVENTS = 20;
const RESELLERS = 400;
const POLICY: SortPolicy = { holdMinutes: 120, maxWeightGrams: 20_000, maxItems: 30 };
const BATCH = 1_000;
const NOW = Date.parse('2026-12-04T10:00:00Z');
const RETURNS = { name: 'Sellthrough 退货组', phone: '4008000000', address: { province: '浙江省', city: '杭州市', district: '余杭区', detail: '仓前街道 云仓 3 号库' } };

/** mulberry32: the same warehouse on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20261204);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童甄项曲成游阳裴席卫查屈鲍位霍翁隋甘景薄单包司柏宁柯阮桂闵解强丛华车冉房边'];
const COMPOUND_SURNAMES = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '令狐'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可舒影荔思喆堃镕昇淼鑫浩宇轩子涵梓睿博文'];
const PLACES: [string, string, string[]][] = [
  ['浙江省', '杭州市', ['西湖区', '上城区', '拱墅区', '滨江区', '余杭区', '萧山区']], ['浙江省', '宁波市', ['海曙区', '鄞州区', '江北区']],
  ['上海市', '上海市', ['浦东新区', '徐汇区', '静安区', '闵行区', '宝山区', '松江区']], ['北京市', '北京市', ['朝阳区', '海淀区', '丰台区', '东城区', '通州区']],
  ['广东省', '广州市', ['天河区', '越秀区', '海珠区', '番禺区', '白云区']], ['广东省', '深圳市', ['南山区', '福田区', '宝安区', '龙岗区', '龙华区']],
  ['江苏省', '南京市', ['鼓楼区', '玄武区', '江宁区', '秦淮区']], ['江苏省', '苏州市', ['姑苏区', '工业园区', '吴中区', '昆山市']],
  ['四川省', '成都市', ['武侯区', '锦江区', '高新区', '青羊区', '成华区']], ['湖北省', '武汉市', ['江汉区', '武昌区', '洪山区', '江岸区']],
  ['福建省', '厦门市', ['思明区', '湖里区', '集美区']], ['山东省', '青岛市', ['市南区', '市北区', '黄岛区', '崂山区']],
  ['河南省', '郑州市', ['金水区', '二七区', '中原区']], ['湖南省', '长沙市', ['岳麓区', '芙蓉区', '天心区', '雨花区']],
  ['陕西省', '西安市', ['雁塔区', '碑林区', '未央区']], ['重庆市', '重庆市', ['渝中区', '江北区', '南岸区', '九龙坡区']],
  ['新疆维吾尔自治区', '乌鲁木齐市', ['天山区', '沙依巴克区', '新市区']], ['内蒙古自治区', '呼和浩特市', ['回民区', '赛罕区', '新城区']],
  ['广西壮族自治区', '南宁市', ['青秀区', '兴宁区', '西乡塘区']], ['云南省', '昆明市', ['五华区', '盘龙区', '官渡区']],
];
const ROADS = ['文三路', '天目山路', '世纪大道', '南京西路', '中山路', '人民路', '解放路', '建设路', '和平路', '长江路', '黄河路', '学院路', '科技园路', '春熙路', '光谷大道', '友谊路', '滨江大道', '新华路', '青年路', '幸福路'];
const ESTATES = ['阳光花园', '锦绣家园', '翠苑小区', '金色港湾', '万科城', '保利香槟国际', '绿城桂花园', '幸福里', '翡翠城', '银泰公寓', '碧桂园', '华润二十四城', '龙湖春江郦城', '融创玖樘府'];
const OFFICES = ['软件园', '创业大厦', '国际金融中心', '科技大厦', '环球中心', '万达广场写字楼'];
const SHOP_WORDS = ['的小店', '好物', '优选', '折扣屋', '严选', '家的宝藏', '美妆铺', '童装馆'];
const BRANDS = ['朵拉女装', '小象童装', '花间美妆', '山野户外', '木子家纺', '禾田食品', '云裳旗袍', '极光运动', '青柠母婴', '墨语男装'];

function personName(): string {
  const surname = rnd() < 0.03 ? pick(COMPOUND_SURNAMES) : pick(SURNAMES);
  return surname + pick(GIVEN) + (rnd() < 0.7 ? pick(GIVEN) : '');
}

function address(): Address {
  const [province, city, districts] = pick(PLACES);
  const detail = rnd() < 0.2
    ? `${pick(ROADS)}${int(1, 999)}号${pick(OFFICES)}${int(2, 32)}楼 前台`
    : `${pick(ROADS)}${int(1, 999)}号${pick(ESTATES)}${int(1, 30)}幢${int(1, 6)}单元${int(101, 3202)}室`;
  return { province, city, district: pick(districts), detail };
}

interface Consumer { phone: string; names: string[]; addresses: Address[]; reseller: number }

interface Warehouse {
  units: ReceivedUnit[];
  expected: Set<string>;
  consumerOf: Map<string, Consumer>;
  orderNoOf: Map<string, string>;
  resellers: { shopName: string; phone: string }[];
}

function buildWarehouse(): Warehouse {
  const resellers = Array.from({ length: RESELLERS }, (_, i) => ({ shopName: `${personName()}${pick(SHOP_WORDS)}`, phone: `137${String(10_000_000 + i * 7919).padStart(8, '0')}` }));
  const consumers: Consumer[] = Array.from({ length: CONSUMERS }, (_, i) => {
    const k = rnd();
    const addresses = [address(), ...(k < 0.15 ? [address()] : []), ...(k < 0.03 ? [address()] : [])];
    const names = [personName(), ...(rnd() < 0.03 ? [personName()] : [])];
    return { phone: `1${pick(['38', '39', '50', '58', '86', '88', '59', '77', '99'])}${String(i * 104_729 % 100_000_000).padStart(8, '0')}`, names, addresses, reseller: int(0, RESELLERS - 1) };
  });
  // each event's goods arrive in their own window of the last eight hours
  const events = Array.from({ length: EVENTS }, (_, e) => ({ id: `evt_${e}`, brand: BRANDS[e % BRANDS.length], arrives: NOW - int(30, 8 * 60) * 60_000 }));
  // every consumer has at least one unit; the rest go mostly to a few keen buyers
  const owners = [...consumers.keys(), ...Array.from({ length: UNITS - CONSUMERS }, () => Math.floor(CONSUMERS * rnd() ** 1.6))];
  const units: ReceivedUnit[] = [];
  const orderIdOf = new Map<string, string>();
  const orderNoOf = new Map<string, string>();
  const consumerOf = new Map<string, Consumer>();
  let orderSeq = 0;
  owners.forEach((c, i) => {
    const consumer = consumers[c];
    const event = consumer.addresses.length > 1 || rnd() < 0.5 ? pick(events) : events[c % EVENTS];
    // one order per consumer and event, to one of their addresses
    const orderKey = `${c}|${event.id}`;
    let orderId = orderIdOf.get(orderKey);
    if (!orderId) {
      orderId = `ord_${String(++orderSeq).padStart(7, '0')}`;
      orderIdOf.set(orderKey, orderId);
      orderNoOf.set(orderId, `20261204${String((orderSeq * 48_271) % 100_000_000).padStart(8, '0')}`);
    }
    const addr = consumer.addresses[Number(orderId.slice(4)) % consumer.addresses.length];
    const weightGrams = 100 + Math.round(2_900 * rnd() ** 2);
    const unitId = `unt_${String(i).padStart(6, '0')}`;
    units.push({
      unitId, orderLineId: `ol_${orderId}_${int(1, 3)}`, orderId,
      phone: consumer.phone, recipient: pick(consumer.names), address: addr,
      receivedAt: Math.min(NOW, event.arrives + int(-60, 60) * 60_000), weightGrams,
    });
    consumerOf.set(unitId, consumer);
  });
  // scanned in the order goods came off the trucks, not by consumer
  units.sort((a, b) => a.receivedAt - b.receivedAt || (a.unitId < b.unitId ? -1 : 1));
  const keys = [...new Set(units.map((u) => groupKey(u.phone, u.address)))];
  const expected = new Set(keys.filter(() => rnd() < 0.1));
  return { units, expected, consumerOf, orderNoOf, resellers };
}

function best<T>(runs: number, fn: () => T): { ms: number; result: T; cpuMs: number; wallMs: number } {
  let ms = Infinity;
  let result!: T;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  return { ms, result, cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wall0 };
}

function toLabels(parcels: Parcel[], w: Warehouse): ShippingLabel[] {
  const unitById = new Map(w.units.map((u) => [u.unitId, u]));
  const countOf = new Map<string, number>();
  for (const p of parcels) countOf.set(p.key, (countOf.get(p.key) ?? 0) + 1);
  const indexOf = new Map<string, number>();
  return parcels.map((p, i) => {
    const index = (indexOf.get(p.key) ?? 0) + 1;
    indexOf.set(p.key, index);
    const consumer = w.consumerOf.get(p.unitIds[0])!;
    const orders = [...new Set(p.unitIds.map((id) => unitById.get(id)!.orderId))].sort();
    return {
      waybillNo: `SF${String(1_460_000_000_000 + i * 7)}`,
      carrier: { name: '顺丰速运', service: p.oversize ? '大件快递' : '标快' },
      recipient: { name: p.recipient, phone: p.phone, address: p.address },
      sender: w.resellers[consumer.reseller],
      returnAddress: RETURNS,
      parcel: { index, count: countOf.get(p.key)! },
      itemCount: p.unitIds.length,
      weightGrams: p.weightGrams,
      orderNos: orders.map((o) => w.orderNoOf.get(o)!),
    };
  });
}

export async function run(): Promise<object> {
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const loadBefore = os.loadavg()[0];
  const t0 = performance.now();
  const w = buildWarehouse();
  const consumers = new Set(w.units.map((u) => u.phone)).size;
  log(`warehouse: ${w.units.length} units of ${consumers} consumers from ${EVENTS} events, ${w.expected.size} groups still expecting goods (${Math.round(performance.now() - t0)} ms to build)`);

  // the floor: group the same units by consumer and address
  const groupBy = () => {
    const groups = new Map<string, ReceivedUnit[]>();
    for (const u of w.units) {
      const k = groupKey(u.phone, u.address);
      const g = groups.get(k);
      if (g) g.push(u); else groups.set(k, [u]);
    }
    return groups;
  };
  groupBy();
  const baseline = best(3, groupBy);
  log(`baseline group-by: ${baseline.ms.toFixed(1)} ms, ${baseline.result.size} groups`);

  planParcels(w.units, w.expected, POLICY, NOW);
  const sort = best(3, () => planParcels(w.units, w.expected, POLICY, NOW));
  const plan = sort.result;
  const inParcels = plan.parcels.reduce((n, p) => n + p.unitIds.length, 0);
  if (inParcels + plan.waiting.length !== w.units.length) throw new Error(`the plan lost units: ${inParcels} packed + ${plan.waiting.length} waiting of ${w.units.length}`);
  log(`planParcels: ${sort.ms.toFixed(1)} ms → ${plan.parcels.length} parcels (${inParcels} units), ${plan.waiting.length} units waiting`);

  // labels: every parcel (or BENCH_LABELS of them, at least 3,000), 1,000 to a document
  const labels = toLabels(plan.parcels, w);
  const wanted = process.env.BENCH_LABELS ? Math.min(labels.length, Math.max(3_000, Number(process.env.BENCH_LABELS))) : labels.length;
  const printedAt = new Date(NOW);
  const warm0 = performance.now();
  await renderLabels(labels.slice(0, 50), { printedAt });
  const warmupMs = performance.now() - warm0;
  log(`warm-up: 50 labels in ${Math.round(warmupMs)} ms (loads the font)`);
  const batchMs: number[] = [];
  let bytes = 0;
  const cpu0 = process.cpuUsage();
  const l0 = performance.now();
  for (let i = 0; i < wanted; i += BATCH) {
    const t = performance.now();
    const pdf = await renderLabels(labels.slice(i, Math.min(wanted, i + BATCH)), { printedAt });
    batchMs.push(performance.now() - t);
    bytes += pdf.byteLength;
    log(`labels ${i + 1}–${Math.min(wanted, i + BATCH)}: ${Math.round(batchMs.at(-1)!)} ms, ${(pdf.byteLength / 1e6).toFixed(2)} MB`);
  }
  const labelMs = performance.now() - l0;
  const labelCpu = process.cpuUsage(cpu0);
  const labelsPerSecond = wanted / (labelMs / 1000);

  let commit = '';
  try { commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  const sorted = [...batchMs].sort((a, b) => a - b);
  return {
    bench: 'sorting',
    ok: sort.ms < 2000 && labelsPerSecond >= 200,
    units: w.units.length,
    consumers,
    events: EVENTS,
    groups: baseline.result.size,
    expectedGroups: w.expected.size,
    policy: POLICY,
    sortMs: r1(sort.ms),
    parcels: plan.parcels.length,
    oversizeParcels: plan.parcels.filter((p) => p.oversize).length,
    unitsInParcels: inParcels,
    unitsWaiting: plan.waiting.length,
    unitsPerSecond: Math.round(w.units.length / (sort.ms / 1000)),
    baselineGroupMs: r1(baseline.ms),
    ratio: r1(sort.ms / baseline.ms),
    sortCpu: { cpuMs: r1(sort.cpuMs), wallMs: r1(sort.wallMs), runs: 3 },
    labels: {
      rendered: wanted,
      of: labels.length,
      scope: wanted === labels.length ? 'all parcels' : `the first ${wanted} parcels`,
      perDocument: BATCH,
      documents: batchMs.length,
      documentMs: { min: Math.round(sorted[0]), median: Math.round(sorted[sorted.length >> 1]), max: Math.round(sorted.at(-1)!) },
      meanBytesPerLabel: Math.round(bytes / wanted),
      warmupMs: Math.round(warmupMs),
    },
    labelsPerSecond: Math.round(labelsPerSecond),
    labelMs: Math.round(labelMs),
    // the labels' CPU time: how much of a core the process got, and labels per CPU-second (what the code costs, whatever else runs)
    labelCpu: { userMs: Math.round(labelCpu.user / 1000), systemMs: Math.round(labelCpu.system / 1000), utilisation: Math.round(((labelCpu.user + labelCpu.system) / 1000 / labelMs) * 100) / 100, labelsPerCpuSecond: Math.round(wanted / ((labelCpu.user + labelCpu.system) / 1e6)) },
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    // other work on the machine meanwhile: the 1-minute load average at the start and the end
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', node: process.version, loadAverage: [r1(loadBefore), r1(os.loadavg()[0])] },
    code: commit,
  };
}

// The demo reseller network and the consumers in their address books. Resellers are mostly
// women aged 25–35 across the big coastal and inland cities, as in the product brief.
import type { Level } from '../modules/resellers/index.ts';
import type { Rng } from './random.ts';
import { DEMO_LOGINS } from './logins.ts';

export interface DemoReseller {
  key: string; name: string; level: Level;
  /** Fixed for the demo logins; drawn from the generator for the others. */
  phone?: string;
  /** Key of the reseller who invited this one (teams grow by invitation). */
  invitedBy?: string;
  /** Wallet top-up in whole yuan, paid through the sandbox gateway. */
  topupYuan: number;
  customers: number; resellerOrders: number; storefrontOrders: number;
}

const login = (i: 0 | 1 | 2) => DEMO_LOGINS.resellers[i];

// Inviters come before those they invited.
export const RESELLERS: DemoReseller[] = [
  { key: 'lili', name: login(0).name, level: login(0).level, phone: login(0).phone, topupYuan: 20_000, customers: 6, resellerOrders: 6, storefrontOrders: 5 },
  { key: 'sunying', name: '孙颖', level: 'V5', topupYuan: 15_000, customers: 6, resellerOrders: 5, storefrontOrders: 4 },
  { key: 'liuting', name: '刘婷', level: 'V4', invitedBy: 'lili', topupYuan: 10_000, customers: 5, resellerOrders: 4, storefrontOrders: 3 },
  { key: 'yangxue', name: '杨雪', level: 'V4', invitedBy: 'sunying', topupYuan: 10_000, customers: 5, resellerOrders: 4, storefrontOrders: 3 },
  { key: 'xuhui', name: '徐慧', level: 'V4', invitedBy: 'lili', topupYuan: 8_000, customers: 5, resellerOrders: 3, storefrontOrders: 3 },
  { key: 'wangfang', name: login(1).name, level: login(1).level, phone: login(1).phone, invitedBy: 'lili', topupYuan: 6_000, customers: 5, resellerOrders: 4, storefrontOrders: 4 },
  { key: 'huangdan', name: '黄丹', level: 'V3', invitedBy: 'liuting', topupYuan: 5_000, customers: 4, resellerOrders: 3, storefrontOrders: 2 },
  { key: 'zhulingling', name: '朱玲玲', level: 'V3', invitedBy: 'sunying', topupYuan: 5_000, customers: 4, resellerOrders: 3, storefrontOrders: 2 },
  { key: 'chenxiaoyan', name: '陈晓燕', level: 'V2', invitedBy: 'wangfang', topupYuan: 3_000, customers: 4, resellerOrders: 2, storefrontOrders: 2 },
  { key: 'zhaoqian', name: '赵倩', level: 'V2', invitedBy: 'yangxue', topupYuan: 3_000, customers: 3, resellerOrders: 2, storefrontOrders: 1 },
  { key: 'wujuan', name: '吴娟', level: 'V2', invitedBy: 'liuting', topupYuan: 3_000, customers: 3, resellerOrders: 2, storefrontOrders: 1 },
  { key: 'zhangmin', name: login(2).name, level: login(2).level, phone: login(2).phone, invitedBy: 'wangfang', topupYuan: 2_000, customers: 3, resellerOrders: 2, storefrontOrders: 2 },
  { key: 'zhoujie', name: '周洁', level: 'V1', invitedBy: 'huangdan', topupYuan: 2_000, customers: 3, resellerOrders: 1, storefrontOrders: 1 },
  { key: 'malin', name: '马琳', level: 'V1', invitedBy: 'xuhui', topupYuan: 1_500, customers: 3, resellerOrders: 1, storefrontOrders: 1 },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '冯', '邓', '曹'];
const GIVEN = ['婷', '静', '丽', '敏', '燕', '艳', '娟', '霞', '芳', '玲', '雪', '慧', '倩', '颖', '琳', '欣怡', '子涵', '梓萱', '雨桐', '思彤', '佳琪', '晓雯', '文静', '秀英', '海燕', '美玲', '春梅', '建华', '志强', '磊', '浩然', '俊杰'];
const MOBILE_PREFIXES = ['135', '136', '138', '139', '150', '151', '152', '158', '159', '177', '186', '187', '188', '189'];

const PLACES: { province: string; city: string; district: string; streets: string[] }[] = [
  { province: '上海市', city: '上海市', district: '浦东新区', streets: ['世纪大道', '张杨路', '锦绣路', '东方路'] },
  { province: '上海市', city: '上海市', district: '闵行区', streets: ['七莘路', '虹井路'] },
  { province: '北京市', city: '北京市', district: '朝阳区', streets: ['望京西路', '朝阳北路', '建国路'] },
  { province: '北京市', city: '北京市', district: '海淀区', streets: ['中关村大街', '学院路'] },
  { province: '天津市', city: '天津市', district: '南开区', streets: ['卫津路', '鞍山西道'] },
  { province: '重庆市', city: '重庆市', district: '渝北区', streets: ['金开大道', '新南路'] },
  { province: '浙江省', city: '杭州市', district: '西湖区', streets: ['文三路', '天目山路', '古墩路'] },
  { province: '浙江省', city: '杭州市', district: '余杭区', streets: ['文一西路', '五常大道'] },
  { province: '浙江省', city: '宁波市', district: '鄞州区', streets: ['天童南路', '四明中路'] },
  { province: '江苏省', city: '南京市', district: '鼓楼区', streets: ['中山北路', '汉中门大街'] },
  { province: '江苏省', city: '苏州市', district: '工业园区', streets: ['星湖街', '金鸡湖大道'] },
  { province: '广东省', city: '深圳市', district: '南山区', streets: ['科技南路', '南海大道', '后海大道'] },
  { province: '广东省', city: '广州市', district: '天河区', streets: ['天河北路', '体育西路', '华夏路'] },
  { province: '广东省', city: '佛山市', district: '顺德区', streets: ['德和路', '新城路'] },
  { province: '四川省', city: '成都市', district: '武侯区', streets: ['天府大道中段', '益州大道'] },
  { province: '四川省', city: '成都市', district: '锦江区', streets: ['春熙路', '东大街'] },
  { province: '湖北省', city: '武汉市', district: '洪山区', streets: ['珞喻路', '光谷大道'] },
  { province: '湖南省', city: '长沙市', district: '岳麓区', streets: ['麓谷大道', '枫林三路'] },
  { province: '福建省', city: '厦门市', district: '思明区', streets: ['湖滨南路', '莲前西路'] },
  { province: '山东省', city: '青岛市', district: '市南区', streets: ['香港中路', '东海西路'] },
  { province: '河南省', city: '郑州市', district: '金水区', streets: ['花园路', '农业路'] },
  { province: '陕西省', city: '西安市', district: '雁塔区', streets: ['小寨东路', '科技路'] },
];
const ESTATES = ['阳光花园', '锦绣华庭', '翠苑小区', '金色家园', '桂花城', '城市花园', '香槟国际', '凤凰城', '二十四城', '春江郦城', '国际社区', '金色海岸'];

const TAGS = ['宝妈', '价格敏感', '品牌控', '常买M码', '常买L码', '孩子3岁', '孩子5岁', '爱护肤', '老客户', '爱买大衣', '给老公买', '学生党'];

export interface Consumer { name: string; phone: string; address: { province: string; city: string; district: string; detail: string } }

export function personName(r: Rng): string {
  return r.pick(SURNAMES) + r.pick(GIVEN);
}

export function mobile(r: Rng, prefix = r.pick(MOBILE_PREFIXES)): string {
  return prefix + r.digits(11 - prefix.length);
}

export function address(r: Rng): Consumer['address'] {
  const p = r.pick(PLACES);
  const detail = `${r.pick(p.streets)}${r.int(8, 1288)}号${r.pick(ESTATES)}${r.int(1, 28)}幢${r.int(1, 4)}单元${r.int(2, 32)}0${r.int(1, 4)}室`;
  return { province: p.province, city: p.city, district: p.district, detail };
}

export function consumer(r: Rng): Consumer {
  return { name: personName(r), phone: mobile(r), address: address(r) };
}

export function customerTags(r: Rng): string[] {
  return r.sample(TAGS, r.int(0, 3));
}

export const ORDER_NOTES = ['周末前能发货吗', '送人的，请不要放发货单', '尺码偏小的话换大一码', '麻烦包装好一点', '到了提前电话联系'];
export const CANCEL_REASONS = {
  wallet: '顾客说尺码拍错了，取消重拍',
  // Two picked from the reseller app's chips (stored as codes, said in each reader's language), one typed.
  storefrontPaid: 'customer_changed_mind',
  storefrontPending: 'duplicate_order',
};

// The demo brands, their lots and their sale events. Hand-written so the demo reads like a real
// clearance calendar: a month of last season's styles in events that have ended (one brand or
// another on sale every day of the last 30), coats and knitwear live now, the next brands on the
// calendar in a few days, launching at the usual 10:00 and 20:00.
import type { MarkupWindow } from '../modules/sale-events/index.ts';

/** The three brands with a demo login use the keys in logins.ts. */
export type BrandKey = 'urban' | 'sujin' | 'jianmu' | 'kids' | 'beauty' | 'aqua';

export interface DemoProduct {
  spu: string;
  name: string;
  description: string;
  colours: string[];
  /** Tag price in whole yuan, one for every size, or per size (cosmetics: bigger bottle, higher price). */
  tag: number | Record<string, number>;
  sizes: string[];
}

export interface DemoLot { fileName: string; name: string; headers: 'zh' | 'en'; products: DemoProduct[] }

export interface DemoEventPlan {
  title: string;
  description: string;
  /**
   * Beijing time as [day, hour]: day 0 is the current launch day (today once 10:00 has passed,
   * else yesterday), so live events are under way and upcoming ones 1–5 days out whenever the
   * seed runs. Events launch at 10:00 or 20:00 and close at 10:00, 20:00 or 22:00.
   */
  start: [number, number];
  end: [number, number];
  spus: string[];
  /** Share of each SKU's lot supply given to the event's pool; a SKU's shares never add past 1. */
  share: number;
  markup: MarkupWindow;
}

export interface DemoBrand {
  key: BrandKey; name: string; nameEn: string; category: string;
  commissionBps: number; exclusive: boolean; yearlyPlanYuan?: number;
  /** Relative size of per-SKU quantities. */
  units: [number, number];
  lots: DemoLot[];
  events: DemoEventPlan[];
}

const WOMEN = ['S', 'M', 'L', 'XL'];
const KIDS = ['90', '100', '110', '120'];
const FASHION_WINDOW: MarkupWindow = { minBps: 1500, maxBps: 3500, suggestedBps: 2500 };
const MEN_WINDOW: MarkupWindow = { minBps: 2000, maxBps: 4000, suggestedBps: 3000 };
const KIDS_WINDOW: MarkupWindow = { minBps: 2000, maxBps: 3000, suggestedBps: 2500 };
const BEAUTY_WINDOW: MarkupWindow = { minBps: 1500, maxBps: 3000, suggestedBps: 2000 };

export const BRANDS: DemoBrand[] = [
  {
    key: 'urban', name: '城市漫步女装', nameEn: 'Urban Stroll', category: '女装',
    commissionBps: 2000, exclusive: true, yearlyPlanYuan: 8_000_000, units: [30, 160],
    lots: [
      {
        fileName: 'urban-stroll-early-autumn.csv', name: '早秋通勤尾货 第一批', headers: 'en',
        products: [
          { spu: 'US2301', name: '法式碎花连衣裙', description: '雪纺面料，V领收腰，通勤约会两相宜', colours: ['雾霾蓝', '米白'], tag: 799, sizes: WOMEN },
          { spu: 'US2302', name: '醋酸缎面衬衫', description: '三醋酸面料，垂坠有光泽，免烫易打理', colours: ['米白', '黑色', '酒红'], tag: 459, sizes: WOMEN },
          { spu: 'US2303', name: '高腰阔腿西裤', description: '高腰显腿长，垂感面料，四季可穿', colours: ['黑色', '卡其'], tag: 599, sizes: WOMEN },
          { spu: 'US2304', name: '半身百褶长裙', description: '细密百褶，走路带风，松紧腰头', colours: ['燕麦', '黑色'], tag: 459, sizes: WOMEN },
          { spu: 'US2305', name: '直筒牛仔裤', description: '微弹棉质牛仔，直筒版型不挑腿型', colours: ['浅蓝', '深蓝'], tag: 499, sizes: WOMEN },
        ],
      },
      {
        fileName: 'urban-stroll-winter.csv', name: '秋冬大衣针织 第二批', headers: 'zh',
        products: [
          { spu: 'US2401', name: '双面羊毛大衣', description: '90%羊毛双面呢，手工缝制，落肩廓形', colours: ['驼色', '黑色', '燕麦'], tag: 1899, sizes: WOMEN },
          { spu: 'US2402', name: '廓形短款羽绒服', description: '90白鸭绒，充绒量150克，防钻绒面料', colours: ['黑色', '米白', '雾霾蓝'], tag: 1599, sizes: WOMEN },
          { spu: 'US2403', name: '羊绒混纺针织衫', description: '30%羊绒混纺，软糯亲肤不扎', colours: ['燕麦', '酒红', '灰色'], tag: 699, sizes: WOMEN },
          { spu: 'US2404', name: '小香风粗花呢外套', description: '粗花呢面料，金属扣，经典短款', colours: ['米白', '黑色'], tag: 999, sizes: WOMEN },
          { spu: 'US2405', name: '经典双排扣风衣', description: '防泼水棉混纺，可拆卸腰带', colours: ['卡其', '黑色'], tag: 1299, sizes: WOMEN },
          { spu: 'US2406', name: '高领打底针织衫', description: '精纺羊毛，贴身不起球，百搭打底', colours: ['黑色', '米白', '驼色'], tag: 359, sizes: WOMEN },
        ],
      },
    ],
    events: [
      { title: '城市漫步 夏末连衣裙牛仔专场', description: '碎花连衣裙、直筒牛仔裤，换季前最后一批', start: [-29, 10], end: [-27, 22], spus: ['US2301', 'US2305'], share: 0.3, markup: FASHION_WINDOW },
      { title: '城市漫步 早秋通勤专场', description: '连衣裙、衬衫、西裤，通勤衣橱一站配齐', start: [-9, 10], end: [-7, 10], spus: ['US2301', 'US2302', 'US2303', 'US2304', 'US2305'], share: 0.35, markup: FASHION_WINDOW },
      { title: '城市漫步 秋冬大衣专场', description: '羊毛大衣、羽绒服、风衣，专柜同款，吊牌齐全', start: [0, 10], end: [2, 22], spus: ['US2401', 'US2402', 'US2404', 'US2405', 'US2303'], share: 0.45, markup: FASHION_WINDOW },
      { title: '城市漫步 针织毛衫专场', description: '羊绒混纺、精纺羊毛，入秋必备', start: [3, 20], end: [5, 22], spus: ['US2403', 'US2406', 'US2302', 'US2304'], share: 0.4, markup: FASHION_WINDOW },
    ],
  },
  {
    key: 'sujin', name: '素锦', nameEn: 'Sujin Silk', category: '女装',
    commissionBps: 1800, exclusive: false, units: [20, 90],
    lots: [
      {
        fileName: 'sujin-silk.csv', name: '真丝系列库存', headers: 'zh',
        products: [
          { spu: 'SJ101', name: '重磅真丝衬衫', description: '22姆米重磅真丝，珠光色泽，可机洗', colours: ['米白', '墨绿', '黑色'], tag: 899, sizes: WOMEN },
          { spu: 'SJ102', name: '真丝印花连衣裙', description: '桑蚕丝印花，系带收腰，度假通勤皆宜', colours: ['青花', '墨绿'], tag: 1399, sizes: WOMEN },
          { spu: 'SJ103', name: '香云纱半身裙', description: '顺德香云纱，越穿越软，A字裙摆', colours: ['黑色', '咖啡'], tag: 999, sizes: WOMEN },
          { spu: 'SJ104', name: '桑蚕丝针织开衫', description: '桑蚕丝混纺针织，空调房必备', colours: ['米白', '烟粉', '灰色'], tag: 799, sizes: WOMEN },
          { spu: 'SJ105', name: '新中式盘扣外套', description: '手工盘扣，立领设计，新中式日常穿', colours: ['藏青', '米白'], tag: 1199, sizes: WOMEN },
          { spu: 'SJ106', name: '醋酸垂感阔腿裤', description: '醋酸面料，垂感好不起皱', colours: ['黑色', '咖啡'], tag: 699, sizes: WOMEN },
        ],
      },
    ],
    events: [
      { title: '素锦 真丝连衣裙专场', description: '真丝印花连衣裙与香云纱半身裙', start: [-26, 20], end: [-24, 22], spus: ['SJ102', 'SJ103'], share: 0.3, markup: FASHION_WINDOW },
      { title: '素锦 真丝衬衫专场', description: '重磅真丝衬衫与针织开衫', start: [-5, 20], end: [-3, 22], spus: ['SJ101', 'SJ104', 'SJ106'], share: 0.3, markup: FASHION_WINDOW },
      { title: '素锦 新中式真丝专场', description: '真丝、香云纱、盘扣外套，专柜同款', start: [-1, 20], end: [2, 20], spus: ['SJ101', 'SJ102', 'SJ103', 'SJ104', 'SJ105', 'SJ106'], share: 0.45, markup: FASHION_WINDOW },
    ],
  },
  {
    key: 'jianmu', name: '简木男装', nameEn: 'Jianmu Menswear', category: '男装',
    commissionBps: 2200, exclusive: false, units: [30, 140],
    lots: [
      {
        fileName: 'jianmu-menswear.csv', name: '男装秋冬库存', headers: 'en',
        products: [
          { spu: 'JM501', name: '免烫商务长袖衬衫', description: '液氨免烫工艺，抗皱挺括，商务通勤', colours: ['白色', '浅蓝', '灰色'], tag: 399, sizes: WOMEN },
          { spu: 'JM502', name: '羊毛混纺西装外套', description: '50%羊毛，修身版型，半里工艺', colours: ['藏青', '灰色'], tag: 1599, sizes: WOMEN },
          { spu: 'JM503', name: '立领休闲夹克', description: '防泼水面料，多口袋设计', colours: ['黑色', '军绿', '卡其'], tag: 899, sizes: WOMEN },
          { spu: 'JM504', name: '纯棉短袖POLO衫', description: '新疆长绒棉，珠地网眼透气', colours: ['白色', '藏青', '黑色'], tag: 299, sizes: WOMEN },
          { spu: 'JM505', name: '弹力休闲长裤', description: '四面弹面料，久坐不皱', colours: ['黑色', '卡其'], tag: 459, sizes: WOMEN },
          { spu: 'JM506', name: '轻薄羽绒服', description: '90白鸭绒，轻至300克，可收纳', colours: ['黑色', '藏青'], tag: 999, sizes: WOMEN },
          { spu: 'JM507', name: '重磅圆领卫衣', description: '400克重磅毛圈，宽松落肩', colours: ['灰色', '黑色', '燕麦'], tag: 399, sizes: WOMEN },
        ],
      },
    ],
    events: [
      { title: '简木 西装夹克专场', description: '羊毛混纺西装与立领夹克，上班见客都体面', start: [-23, 10], end: [-21, 10], spus: ['JM502', 'JM503'], share: 0.3, markup: MEN_WINDOW },
      { title: '简木 夏末POLO清仓', description: 'POLO衫、休闲裤、衬衫，一件也包邮', start: [-4, 10], end: [-2, 10], spus: ['JM504', 'JM505', 'JM501'], share: 0.3, markup: MEN_WINDOW },
      { title: '简木男装 商务衬衫夹克专场', description: '给老公、给爸爸，商务休闲两穿', start: [0, 10], end: [3, 10], spus: ['JM501', 'JM502', 'JM503', 'JM505'], share: 0.45, markup: MEN_WINDOW },
      { title: '简木 轻暖羽绒专场', description: '轻薄羽绒服与重磅卫衣，入冬前最后一波', start: [2, 20], end: [4, 22], spus: ['JM506', 'JM507', 'JM504'], share: 0.4, markup: MEN_WINDOW },
    ],
  },
  {
    key: 'kids', name: '小树苗童装', nameEn: 'Little Sapling Kids', category: '童装',
    commissionBps: 1500, exclusive: false, units: [40, 120],
    lots: [
      {
        fileName: 'kids-autumn-winter.csv', name: '童装秋冬尾货', headers: 'zh',
        products: [
          { spu: 'XS801', name: '儿童摇粒绒外套', description: '双面摇粒绒，柔软保暖不掉毛', colours: ['粉色', '浅蓝'], tag: 299, sizes: KIDS },
          { spu: 'XS802', name: '加绒连帽卫衣', description: '内里加绒，A类婴幼儿标准', colours: ['黄色', '藏青'], tag: 199, sizes: KIDS },
          { spu: 'XS803', name: '儿童连帽羽绒服', description: '90白鸭绒，可拆卸帽子，防风袖口', colours: ['红色', '藏青'], tag: 599, sizes: KIDS },
          { spu: 'XS804', name: '纯棉家居服套装', description: '精梳棉，无骨缝制，宝宝贴身穿', colours: ['粉色', '浅蓝'], tag: 159, sizes: KIDS },
          { spu: 'XS805', name: '儿童弹力牛仔裤', description: '松紧腰头，弹力牛仔好活动', colours: ['浅蓝', '深蓝'], tag: 179, sizes: KIDS },
          { spu: 'XS806', name: '宝宝针织开衫', description: '纯棉针织，早晚温差必备', colours: ['米白', '燕麦'], tag: 229, sizes: KIDS },
          { spu: 'XS807', name: '公主纱裙连衣裙', description: '多层网纱，棉质内衬不扎肉', colours: ['粉色', '米白'], tag: 259, sizes: KIDS },
          { spu: 'XS808', name: '儿童运动套装', description: '速干面料，上学运动都合适', colours: ['灰色', '藏青'], tag: 269, sizes: KIDS },
        ],
      },
    ],
    events: [
      { title: '小树苗 开学季童装专场', description: '摇粒绒外套、连帽卫衣、针织开衫，开学换季一次备齐', start: [-20, 10], end: [-18, 20], spus: ['XS801', 'XS802', 'XS806'], share: 0.3, markup: KIDS_WINDOW },
      { title: '小树苗 夏季童装清仓', description: '家居服、牛仔裤、纱裙，宝妈囤货季', start: [-12, 10], end: [-10, 10], spus: ['XS804', 'XS805', 'XS807'], share: 0.3, markup: KIDS_WINDOW },
      { title: '小树苗 童装秋冬特卖', description: '摇粒绒、羽绒服、卫衣，90~120码齐全', start: [-1, 10], end: [2, 20], spus: ['XS801', 'XS802', 'XS803', 'XS805', 'XS806'], share: 0.45, markup: KIDS_WINDOW },
      { title: '小树苗 亲子家居服专场', description: '家居服、纱裙、运动套装', start: [4, 10], end: [6, 10], spus: ['XS804', 'XS807', 'XS808'], share: 0.4, markup: KIDS_WINDOW },
    ],
  },
  {
    key: 'beauty', name: '花间美妆', nameEn: 'Flora Beauty', category: '美妆',
    commissionBps: 2500, exclusive: false, units: [150, 400],
    lots: [
      {
        fileName: 'flora-beauty-old-packaging.csv', name: '旧包装库存（效期两年以上）', headers: 'zh',
        products: [
          { spu: 'HJ01', name: '玻尿酸保湿精华液', description: '多重玻尿酸，补水不黏腻；旧包装，效期两年以上', colours: ['标准'], tag: { '30ml': 299, '50ml': 439 }, sizes: ['30ml', '50ml'] },
          { spu: 'HJ02', name: '焕颜修护面霜', description: '神经酰胺修护屏障，秋冬换季必备', colours: ['标准'], tag: { '30ml': 359, '50ml': 529 }, sizes: ['30ml', '50ml'] },
          { spu: 'HJ03', name: '氨基酸洁面乳', description: '氨基酸表活，温和不紧绷', colours: ['标准'], tag: { '100ml': 129, '150ml': 169 }, sizes: ['100ml', '150ml'] },
          { spu: 'HJ04', name: '丝绒雾面口红', description: '丝绒哑光质地，显白不拔干', colours: ['#01 正红', '#02 豆沙', '#05 枫叶棕', '#08 橘调'], tag: 229, sizes: ['3.5g'] },
          { spu: 'HJ05', name: '轻透气垫粉底', description: '轻薄服帖，持妆12小时', colours: ['象牙白', '自然色'], tag: 329, sizes: ['15g'] },
          { spu: 'HJ06', name: '清透防晒乳 SPF50+', description: '物化结合，清爽不油腻', colours: ['标准'], tag: { '30ml': 169, '50ml': 239 }, sizes: ['30ml', '50ml'] },
          { spu: 'HJ07', name: '多肽紧致眼霜', description: '多肽抗初老，淡化细纹', colours: ['标准'], tag: { '15ml': 459, '20ml': 569 }, sizes: ['15ml', '20ml'] },
          { spu: 'HJ08', name: '玫瑰保湿爽肤水', description: '保加利亚玫瑰纯露', colours: ['标准'], tag: { '150ml': 199, '250ml': 289 }, sizes: ['150ml', '250ml'] },
          { spu: 'HJ09', name: '温和卸妆水', description: '敏感肌可用，眼唇可卸', colours: ['标准'], tag: { '200ml': 99, '400ml': 159 }, sizes: ['200ml', '400ml'] },
          { spu: 'HJ10', name: '免洗睡眠面膜', description: '睡前一抹，早起水润', colours: ['标准'], tag: 259, sizes: ['80ml'] },
        ],
      },
    ],
    events: [
      { title: '花间美妆 防晒卸妆专场', description: '防晒乳、卸妆水、洁面乳，专柜正品旧包装', start: [-17, 20], end: [-15, 22], spus: ['HJ06', 'HJ09', 'HJ03'], share: 0.3, markup: BEAUTY_WINDOW },
      { title: '花间美妆 护肤彩妆专场', description: '精华、面霜、口红、气垫，专柜正品旧包装', start: [-1, 20], end: [2, 22], spus: ['HJ01', 'HJ02', 'HJ04', 'HJ05', 'HJ06', 'HJ09'], share: 0.45, markup: BEAUTY_WINDOW },
      { title: '花间美妆 眼霜面膜专场', description: '眼霜、睡眠面膜、爽肤水、洁面', start: [4, 20], end: [6, 22], spus: ['HJ07', 'HJ10', 'HJ08', 'HJ03'], share: 0.45, markup: BEAUTY_WINDOW },
    ],
  },
  {
    key: 'aqua', name: '水漾', nameEn: 'AquaGlow Skincare', category: '美妆',
    commissionBps: 1800, exclusive: false, units: [120, 300],
    lots: [
      {
        fileName: 'aquaglow-skincare.csv', name: 'Skincare overstock', headers: 'en',
        products: [
          { spu: 'SY11', name: '水漾补水喷雾', description: '随时补水，定妆可用', colours: ['标准'], tag: { '150ml': 129, '300ml': 199 }, sizes: ['150ml', '300ml'] },
          { spu: 'SY12', name: '烟酰胺亮肤精华', description: '5%烟酰胺，提亮肤色', colours: ['标准'], tag: { '30ml': 369, '50ml': 529 }, sizes: ['30ml', '50ml'] },
          { spu: 'SY13', name: '积雪草舒缓面膜', description: '积雪草提取物，晒后舒缓', colours: ['标准'], tag: { '10片装': 199, '20片装': 359 }, sizes: ['10片装', '20片装'] },
          { spu: 'SY14', name: '神经酰胺修护乳', description: '修护屏障，干敏肌适用', colours: ['标准'], tag: { '100ml': 259, '150ml': 339 }, sizes: ['100ml', '150ml'] },
          { spu: 'SY15', name: '温和洁面泡沫', description: '绵密泡沫，洗后不紧绷', colours: ['标准'], tag: { '100ml': 89, '150ml': 119 }, sizes: ['100ml', '150ml'] },
          { spu: 'SY16', name: '水漾保湿面霜', description: '水润不厚重，四季可用', colours: ['标准'], tag: 299, sizes: ['50ml'] },
          { spu: 'SY17', name: '香氛身体乳', description: '白茶香氛，滋润一整天', colours: ['标准'], tag: { '250ml': 139, '400ml': 199 }, sizes: ['250ml', '400ml'] },
          { spu: 'SY18', name: '护手霜礼盒', description: '三种香型，送礼自用', colours: ['标准'], tag: 129, sizes: ['3支装'] },
        ],
      },
    ],
    events: [
      { title: '水漾 夏日清爽专场', description: '舒缓面膜、洁面泡沫、香氛身体乳', start: [-14, 10], end: [-13, 22], spus: ['SY13', 'SY15', 'SY17'], share: 0.3, markup: BEAUTY_WINDOW },
      { title: '水漾 补水护肤专场', description: '喷雾、面膜、洁面、身体乳', start: [-6, 20], end: [-5, 22], spus: ['SY11', 'SY13', 'SY15', 'SY17'], share: 0.35, markup: BEAUTY_WINDOW },
      { title: '水漾 秋冬修护专场', description: '精华、修护乳、面霜、护手霜礼盒', start: [3, 10], end: [5, 10], spus: ['SY12', 'SY14', 'SY16', 'SY18', 'SY11'], share: 0.45, markup: BEAUTY_WINDOW },
    ],
  },
];

/** Short codes for SKU codes and image seeds, as a brand's ERP would print them. */
export const COLOUR_CODES: Record<string, string> = {
  黑色: 'BK', 白色: 'WH', 米白: 'IV', 驼色: 'CA', 燕麦: 'OT', 雾霾蓝: 'HB', 酒红: 'WR', 卡其: 'KH', 灰色: 'GY', 浅蓝: 'LB',
  深蓝: 'DB', 藏青: 'NV', 墨绿: 'DG', 青花: 'BP', 咖啡: 'CF', 烟粉: 'DP', 军绿: 'OG', 粉色: 'PK', 黄色: 'YL', 红色: 'RD',
  象牙白: 'IW', 自然色: 'NT', 标准: 'STD',
};

export const BRAND_USER_NAMES: Partial<Record<BrandKey, string>> = {
  urban: '陈可（城市漫步电商主管）',
  kids: '周宁（小树苗渠道运营）',
  beauty: '林夕（花间美妆渠道经理）',
};

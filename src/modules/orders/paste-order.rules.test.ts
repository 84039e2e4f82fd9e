// Paste-to-order rules against messages shaped like the ones resellers really get in chat:
// fields in any order, labels from shopping apps, phones written every way, items glued on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { draftCompleteness, matchItems, normaliseSize, parseCount, parsePastedOrder, type SkuRef } from './paste-order.rules.ts';

type Item = [colour: string | null, size: string | null, quantity: number, product?: string];
interface Case { msg: string; name: string; phone: string; address: [string, string, string, string]; items: Item[]; unparsed?: string; issues?: string[] }

const SH = '上海市';
const cases: Case[] = [
  { msg: '张三 13800138000 上海市浦东新区XX路88号 黑色M码两件', name: '张三', phone: '13800138000', address: [SH, SH, '浦东新区', 'XX路88号'], items: [['黑色', 'M', 2]] },
  { msg: '李四，13912345678，浙江省杭州市西湖区文三路90号3栋502室，驼色L一件', name: '李四', phone: '13912345678', address: ['浙江省', '杭州市', '西湖区', '文三路90号3栋502室'], items: [['驼色', 'L', 1]] },
  {
    msg: '收件人：王芳\n电话：138-0013-8000\n地址：广东省深圳市南山区科技园南区高新南一道8号\n黑色S码 x2',
    name: '王芳', phone: '13800138000', address: ['广东省', '深圳市', '南山区', '科技园南区高新南一道8号'], items: [['黑色', 'S', 2]],
  },
  {
    // the shape a shopping app's "copy address" produces, all on one line
    msg: '收货人: 刘洋 手机号码: +86 139 1234 5678 所在地区: 江苏省 南京市 鼓楼区 详细地址: 中山北路30号 米白M*1',
    name: '刘洋', phone: '13912345678', address: ['江苏省', '南京市', '鼓楼区', '中山北路30号'], items: [['米白', 'M', 1]],
  },
  { msg: '杭州市西湖区文三路90号 陈静 15012345678 黑色M一件 驼色L两件', name: '陈静', phone: '15012345678', address: ['浙江省', '杭州市', '西湖区', '文三路90号'], items: [['黑色', 'M', 1], ['驼色', 'L', 2]] },
  { msg: '重庆渝中区解放碑八一路1号 周杰 18612345678 雾霾蓝XL 1件', name: '周杰', phone: '18612345678', address: ['重庆市', '重庆市', '渝中区', '解放碑八一路1号'], items: [['雾霾蓝', 'XL', 1]] },
  { msg: '天津市和平区南京路189号 吴敏 13700001111 燕麦色M两件', name: '吴敏', phone: '13700001111', address: ['天津市', '天津市', '和平区', '南京路189号'], items: [['燕麦色', 'M', 2]] },
  { msg: '内蒙古呼和浩特市赛罕区大学西街235号 孙丽 15912345678 黑L x1', name: '孙丽', phone: '15912345678', address: ['内蒙古自治区', '呼和浩特市', '赛罕区', '大学西街235号'], items: [['黑色', 'L', 1]] },
  { msg: '18612349876 徐静蕾 广州天河区天河路385号太古汇 黑色XXL两件', name: '徐静蕾', phone: '18612349876', address: ['广东省', '广州市', '天河区', '天河路385号太古汇'], items: [['黑色', 'XXL', 2]] },
  { msg: '新疆维吾尔自治区乌鲁木齐市天山区光明路9号 马晓燕 13899990000 卡其M码', name: '马晓燕', phone: '13899990000', address: ['新疆维吾尔自治区', '乌鲁木齐市', '天山区', '光明路9号'], items: [['卡其', 'M', 1]] },
  {
    msg: '你好老板，麻烦帮我下单：赵敏 13511112222 湖北省武汉市洪山区珞喻路1037号 藏青L三件，谢谢',
    name: '赵敏', phone: '13511112222', address: ['湖北省', '武汉市', '洪山区', '珞喻路1037号'], items: [['藏青', 'L', 3]],
  },
  { msg: '上海 上海市 静安区 南京西路1266号恒隆广场 林小姐 13601234567 黑色 M 2件', name: '林小姐', phone: '13601234567', address: [SH, SH, '静安区', '南京西路1266号恒隆广场'], items: [['黑色', 'M', 2]] },
  { msg: '宁夏银川市兴庆区解放西街2号 马强 13009876543 2件黑色M', name: '马强', phone: '13009876543', address: ['宁夏回族自治区', '银川市', '兴庆区', '解放西街2号'], items: [['黑色', 'M', 2]] },
  { msg: '王磊 +8613812345678 山东省青岛市市南区香港中路10号 黑色M、白色L各一件', name: '王磊', phone: '13812345678', address: ['山东省', '青岛市', '市南区', '香港中路10号'], items: [['黑色', 'M', 1], ['白色', 'L', 1]] },
  { msg: '成都市武侯区人民南路四段1号 何雪 18108080808 酒红色S码 x3', name: '何雪', phone: '18108080808', address: ['四川省', '成都市', '武侯区', '人民南路四段1号'], items: [['酒红色', 'S', 3]] },
  {
    msg: '地址：福建省厦门市思明区鹭江道8号\n姓名：黄晓明\n手机：13712345678\n黑色M码一件',
    name: '黄晓明', phone: '13712345678', address: ['福建省', '厦门市', '思明区', '鹭江道8号'], items: [['黑色', 'M', 1]],
  },
  { msg: '邓超 13800001234 北京市东城区王府井大街1号 均码 两件', name: '邓超', phone: '13800001234', address: ['北京市', '北京市', '东城区', '王府井大街1号'], items: [[null, '均码', 2]] },
  { msg: '广东省东莞市长安镇长青路1号 罗敏 13923456789 黑色L 十件', name: '罗敏', phone: '13923456789', address: ['广东省', '东莞市', '长安镇', '长青路1号'], items: [['黑色', 'L', 10]] },
  { msg: '湖北省仙桃市郑场镇兴盛路5号 龚丽 13387654321 黑色M两件', name: '龚丽', phone: '13387654321', address: ['湖北省', '仙桃市', '郑场镇', '兴盛路5号'], items: [['黑色', 'M', 2]] },
  {
    msg: '收件人:欧阳娜娜 13822223333 广西南宁市青秀区民族大道100号 90码粉色2件 100码浅蓝色1件',
    name: '欧阳娜娜', phone: '13822223333', address: ['广西壮族自治区', '南宁市', '青秀区', '民族大道100号'], items: [['粉色', '90', 2], ['浅蓝色', '100', 1]],
  },
  { msg: '谢娜 13544445555 四川省成都市锦江区春熙路 30ml x2', name: '谢娜', phone: '13544445555', address: ['四川省', '成都市', '锦江区', '春熙路'], items: [[null, '30ml', 2]] },
  {
    msg: '13800138000\n张伟\n河南省郑州市金水区花园路12号院3号楼2单元501\n黑色M码两件\n白色L码一件',
    name: '张伟', phone: '13800138000', address: ['河南省', '郑州市', '金水区', '花园路12号院3号楼2单元501'], items: [['黑色', 'M', 2], ['白色', 'L', 1]],
  },
  { msg: '陕西西安雁塔区小寨东路126号 蔡琳 15829292929 黑M*2 白L*1', name: '蔡琳', phone: '15829292929', address: ['陕西省', '西安市', '雁塔区', '小寨东路126号'], items: [['黑色', 'M', 2], ['白色', 'L', 1]] },
  { msg: '海南省三亚市吉阳区迎宾路88号 唐嫣 13876543210 50ml两瓶', name: '唐嫣', phone: '13876543210', address: ['海南省', '三亚市', '吉阳区', '迎宾路88号'], items: [[null, '50ml', 2]] },
  { msg: '张三，13800138000，上海市浦东新区XX路88号黑色M码两件', name: '张三', phone: '13800138000', address: [SH, SH, '浦东新区', 'XX路88号'], items: [['黑色', 'M', 2]] },
  {
    msg: '云南省大理白族自治州大理市下关镇人民路1号 杨丽 13987654321 黑色M码一件',
    name: '杨丽', phone: '13987654321', address: ['云南省', '大理白族自治州', '大理市', '下关镇人民路1号'], items: [['黑色', 'M', 1]],
  },
  {
    // "共3件" repeats the total: it is not a third line
    msg: '广东省广州市越秀区北京路100号 郑爽 13600000000 米白色M码两件 黑色L码一件 共3件',
    name: '郑爽', phone: '13600000000', address: ['广东省', '广州市', '越秀区', '北京路100号'], items: [['米白色', 'M', 2], ['黑色', 'L', 1]],
  },
  { msg: 'Lily 13800138000 上海市徐汇区漕溪北路88号 黑色S x1', name: 'Lily', phone: '13800138000', address: [SH, SH, '徐汇区', '漕溪北路88号'], items: [['黑色', 'S', 1]] },
  { msg: '辽宁省大连市中山区人民路9号 杜鹃13840000000 紫色M两件', name: '杜鹃', phone: '13840000000', address: ['辽宁省', '大连市', '中山区', '人民路9号'], items: [['紫色', 'M', 2]] },
  { msg: '黑龙江省哈尔滨市南岗区西大直街92号 曹颖 18645678901 黑色M码 数量:2', name: '曹颖', phone: '18645678901', address: ['黑龙江省', '哈尔滨市', '南岗区', '西大直街92号'], items: [['黑色', 'M', 2]] },
  {
    // a short name that is also a city ("吉林") must not swallow the city after it
    msg: '吉林市船营区北京路1号 金敏 13512345678 黑色M', name: '金敏', phone: '13512345678', address: ['吉林省', '吉林市', '船营区', '北京路1号'], items: [['黑色', 'M', 1]],
  },
  {
    msg: 'tel:138 0013 8000 Amy 上海市长宁区长宁路1018号龙之梦 卡其L', name: 'Amy', phone: '13800138000', address: [SH, SH, '长宁区', '长宁路1018号龙之梦'], items: [['卡其', 'L', 1]],
  },
  {
    msg: '帮我发 驼色大衣M码 两件 给 李娜 15900001111 江西省南昌市红谷滩区丰和中大道1号',
    name: '李娜', phone: '15900001111', address: ['江西省', '南昌市', '红谷滩区', '丰和中大道1号'], items: [['驼色', 'M', 2, '大衣']],
  },
  { msg: '上海市浦东新区XX路88号张三 13800138000 黑色M', name: '张三', phone: '13800138000', address: [SH, SH, '浦东新区', 'XX路88号'], items: [['黑色', 'M', 1]] },
  {
    msg: '广州市天河区体育西路103号维多利广场B塔 小陈 13800138000 黑色L码 一件', name: '小陈', phone: '13800138000', address: ['广东省', '广州市', '天河区', '体育西路103号维多利广场B塔'], items: [['黑色', 'L', 1]],
  },
  {
    msg: '江苏省苏州市姑苏区人民路1号，周芷若，159 0000 2222，黑色白色M码各一件', name: '周芷若', phone: '15900002222', address: ['江苏省', '苏州市', '姑苏区', '人民路1号'],
    items: [['黑色', 'M', 1], ['白色', 'M', 1]],
  },
  {
    msg: '羽绒服雾霾蓝L码x1，大衣驼色M两件 收件人 韩梅梅 13666668888 湖南省长沙市岳麓区麓山南路932号',
    name: '韩梅梅', phone: '13666668888', address: ['湖南省', '长沙市', '岳麓区', '麓山南路932号'], items: [['雾霾蓝', 'L', 1, '羽绒服'], ['驼色', 'M', 2, '大衣']],
  },
  {
    msg: '安徽合肥蜀山区长江西路100号 田甜 19912345678 粉色110 一件 浅蓝色120 两件', name: '田甜', phone: '19912345678', address: ['安徽省', '合肥市', '蜀山区', '长江西路100号'],
    items: [['粉色', '110', 1], ['浅蓝色', '120', 2]],
  },
  {
    // the product's name written apart, before its colour and size
    msg: '双面羊毛大衣 驼色M 两件 李四 13800138000 上海市浦东新区XX路88号', name: '李四', phone: '13800138000', address: [SH, SH, '浦东新区', 'XX路88号'],
    items: [['驼色', 'M', 2, '双面羊毛大衣']],
  },
  {
    msg: '宁波市鄞州区天童南路588号 3-1201\n张小花 13566667777\n口红豆沙色两支', name: '张小花', phone: '13566667777', address: ['浙江省', '宁波市', '鄞州区', '天童南路588号 3-1201'],
    items: [['豆沙色', null, 2, '口红']],
  },
];

test(`${cases.length} chat messages parse into every field`, () => {
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    const r = parsePastedOrder(c.msg);
    const where = `message: ${c.msg}`;
    assert.equal(r.name, c.name, where);
    assert.equal(r.phone, c.phone, where);
    assert.deepEqual([r.address.province, r.address.city, r.address.district, r.address.detail], c.address, where);
    assert.deepEqual(
      r.itemHints.map((h) => [h.colour ?? null, h.size ?? null, h.quantity, ...(c.items.some((i) => i[3]) ? [h.product] : [])]),
      c.items.map((i) => (c.items.some((x) => x[3]) ? [i[0], i[1], i[2], i[3]] : [i[0], i[1], i[2]])),
      where,
    );
    assert.equal(r.unparsed, c.unparsed ?? '', where);
    assert.deepEqual(r.issues, c.issues ?? [], where);
    assert.equal(r.confidence, 1, where);
  }
});

test('what is missing is said, and confidence drops', () => {
  const noRegion = parsePastedOrder('张三 13800138000 XX路88号 黑色M');
  assert.deepEqual(noRegion.address, { province: '', city: '', district: '', detail: 'XX路88号' });
  assert.deepEqual(noRegion.issues, ['region_missing']);
  assert.ok(noRegion.confidence < 1);

  // 朝阳区 is in 北京 and in 长春: the district is kept, the city left for the reseller
  const ambiguous = parsePastedOrder('朝阳区建国路88号 王五 13800138000 黑色M');
  assert.deepEqual(ambiguous.address, { province: '', city: '', district: '朝阳区', detail: '建国路88号' });
  assert.deepEqual(ambiguous.issues, ['region_ambiguous']);

  const bare = parsePastedOrder('在吗 想要那件大衣');
  assert.equal(bare.phone, '');
  assert.equal(bare.name, '');
  assert.ok(bare.issues.includes('phone_missing') && bare.issues.includes('name_missing') && bare.issues.includes('region_missing'));
  assert.ok(bare.confidence <= 0.2);

  const two = parsePastedOrder('张三 13800138000 或 13900139000 上海市浦东新区XX路88号 黑色M');
  assert.equal(two.phone, '13800138000');
  assert.ok(two.issues.includes('phone_multiple'));

  const noItems = parsePastedOrder('收件人张三13800138000上海市浦东新区XX路88号');
  assert.deepEqual(noItems.issues, ['items_missing']);
  assert.equal(noItems.address.detail, 'XX路88号');
});

test('phones in every format; never a longer number', () => {
  for (const p of ['13800138000', '+86 13800138000', '+86-138-0013-8000', '86 138 0013 8000', '138-0013-8000', '138 0013 8000', '１３８００１３８０００']) {
    assert.equal(parsePastedOrder(`张三 ${p} 上海市浦东新区XX路88号`).phone, '13800138000', p);
  }
  assert.equal(parsePastedOrder('订单号 2023138001380001 张三').phone, '');
  assert.equal(parsePastedOrder('张三 12800138000').phone, '', 'no mobile starts with 12');
});

test('Chinese numerals and sizes', () => {
  assert.deepEqual(['一', '两', '二', '俩', '三', '九', '十', '十一', '十九', '二十', '二十五', '3', '12'].map(parseCount), [1, 2, 2, 2, 3, 9, 10, 11, 19, 20, 25, 3, 12]);
  assert.equal(parseCount('十十'), null);
  assert.equal(parseCount('abc'), null);
  assert.deepEqual(['m码', 'M', '2XL', 'xxl', '3xl', 'F', '均码', 'free size', '30毫升', '30ML', '110cm', '90码'].map(normaliseSize),
    ['M', 'M', 'XXL', 'XXL', 'XXXL', '均码', '均码', '均码', '30ML', '30ML', '110', '90']);
});

// The live coat event of the demo, and a cosmetics event.
const coats: SkuRef[] = [];
for (const [name, colours] of [['双面羊毛大衣', ['驼色', '黑色', '燕麦']], ['廓形短款羽绒服', ['黑色', '米白', '雾霾蓝']], ['经典双排扣风衣', ['卡其', '黑色']], ['高腰阔腿西裤', ['黑色', '卡其']]] as const) {
  for (const c of colours) for (const s of ['S', 'M', 'L', 'XL']) coats.push({ eventSkuId: `esk_${name.length}${c}${s}`, colour: c, size: s, productName: name });
}
const beauty: SkuRef[] = [
  { eventSkuId: 'esk_e30', colour: '标准', size: '30ml', productName: '玻尿酸保湿精华液' },
  { eventSkuId: 'esk_e50', colour: '标准', size: '50ml', productName: '玻尿酸保湿精华液' },
  { eventSkuId: 'esk_s30', colour: '标准', size: '30ml', productName: '清透防晒乳 SPF50+' },
  { eventSkuId: 'esk_s50', colour: '标准', size: '50ml', productName: '清透防晒乳 SPF50+' },
  { eventSkuId: 'esk_l1', colour: '#01 正红', size: '3.5g', productName: '丝绒雾面口红' },
  { eventSkuId: 'esk_l2', colour: '#02 豆沙', size: '3.5g', productName: '丝绒雾面口红' },
];
const idOf = (skus: SkuRef[], name: string, colour: string, size: string) => skus.find((s) => s.productName === name && s.colour === colour && s.size === size)!.eventSkuId;
const hintsOf = (text: string) => parsePastedOrder(text).itemHints;

test('hints match the one SKU they describe', () => {
  const r = matchItems(hintsOf('驼色M两件 燕麦L一件 雾霾蓝XL x1'), coats);
  assert.deepEqual(r.lines.map((l) => [l.eventSkuId, l.quantity]), [
    [idOf(coats, '双面羊毛大衣', '驼色', 'M'), 2], [idOf(coats, '双面羊毛大衣', '燕麦', 'L'), 1], [idOf(coats, '廓形短款羽绒服', '雾霾蓝', 'XL'), 1],
  ]);
  assert.deepEqual(r.unmatched, []);

  // the product's name settles which black coat
  const named = matchItems(hintsOf('大衣黑色M一件 风衣卡其S两件'), coats);
  assert.deepEqual(named.lines.map((l) => [l.eventSkuId, l.quantity]), [[idOf(coats, '双面羊毛大衣', '黑色', 'M'), 1], [idOf(coats, '经典双排扣风衣', '卡其', 'S'), 2]]);

  // "驼" alone is 驼色; the same SKU twice becomes one line
  const merged = matchItems(hintsOf('驼M一件 驼色M码两件'), coats);
  assert.deepEqual(merged.lines, [{ eventSkuId: idOf(coats, '双面羊毛大衣', '驼色', 'M'), quantity: 3, hints: [0, 1] }]);
});

test('ambiguous and unknown hints are returned with the SKUs to choose from', () => {
  const r = matchItems(hintsOf('黑色M两件 粉色M一件 驼色一件'), coats);
  assert.deepEqual(r.lines, []);
  assert.equal(r.unmatched.length, 3);
  assert.equal(r.unmatched[0].reason, 'ambiguous');
  assert.deepEqual(new Set(r.unmatched[0].candidates), new Set(coats.filter((s) => s.colour === '黑色' && s.size === 'M').map((s) => s.eventSkuId)));
  assert.equal(r.unmatched[1].reason, 'no_match', 'no pink in this event');
  assert.ok(r.unmatched[1].candidates.length > 0, 'the same size is offered');
  assert.equal(r.unmatched[2].reason, 'ambiguous', 'a colour without a size fits four sizes');
  assert.equal(r.unmatched[2].candidates.length, 4);
});

test('cosmetics: volumes, shade numbers and one-colour products', () => {
  const r = matchItems(hintsOf('精华30ml x2 防晒50ml一瓶 口红豆沙色一支 02号口红两支'), beauty);
  assert.deepEqual(r.lines.map((l) => [l.eventSkuId, l.quantity]), [['esk_e30', 2], ['esk_s50', 1], ['esk_l2', 3]]);
  const vague = matchItems(hintsOf('30ml 两瓶'), beauty);
  assert.equal(vague.unmatched[0].reason, 'ambiguous');
  assert.deepEqual(vague.unmatched[0].candidates.sort(), ['esk_e30', 'esk_s30']);
});

test('an item that fits several products, or none, keeps the draft below 100% until it is chosen', () => {
  const msg = '王小美 13800138000 上海市徐汇区漕溪北路88号 黑色M两件';
  const parsed = parsePastedOrder(msg);
  assert.equal(parsed.confidence, 1, 'every field of the message was read');
  const m = matchItems(parsed.itemHints, coats);
  assert.equal(m.unmatched[0].reason, 'ambiguous', 'four products come in black M');
  const one = draftCompleteness(parsed, m.unmatched.length);
  assert.ok(Math.round(one.completeness * 100) < 100, `reads ${one.completeness}`);
  assert.equal(one.completeness, 0.8, 'the one item was the whole of the items’ part');
  assert.equal(Math.round((one.completeness + one.share) * 100), 100, 'choosing it gives its share back');

  const matched = parsePastedOrder('王小美 13800138000 上海市徐汇区漕溪北路88号 驼色M两件');
  assert.deepEqual(draftCompleteness(matched, matchItems(matched.itemHints, coats).unmatched.length), { completeness: 1, share: 0 });

  // three items, one ambiguous: a third of the items' part is still open
  const three = parsePastedOrder('王小美 13800138000 上海市徐汇区漕溪北路88号 驼色M两件 燕麦L一件 黑色M一件');
  const r = draftCompleteness(three, matchItems(three.itemHints, coats).unmatched.length);
  assert.ok(r.completeness < 1 && r.completeness >= 0.93, `reads ${r.completeness}`);
});

test('completeness never reads 100% with an item open, however many items were read', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (hints, open, confidence) => {
    const itemHints = Array.from({ length: hints }, () => ({ quantity: 1, text: 'x' }));
    const r = draftCompleteness({ confidence, itemHints }, Math.min(open, hints));
    return Math.round(r.completeness * 100) <= 99 && r.completeness >= 0 && r.share > 0;
  }));
});

// The demo's live kids' event (小树苗 童装秋冬特卖): two products share 浅蓝 and four share size 110.
const kids: SkuRef[] = [];
const KIDS_PRODUCTS = [['儿童摇粒绒外套', ['粉色', '浅蓝']], ['加绒连帽卫衣', ['黄色', '藏青']], ['儿童连帽羽绒服', ['红色', '藏青']], ['儿童弹力牛仔裤', ['浅蓝', '深蓝']], ['宝宝针织开衫', ['米白', '燕麦']]] as const;
for (const [name, colours] of KIDS_PRODUCTS) {
  for (const c of colours) for (const s of ['90', '100', '110', '120']) kids.push({ eventSkuId: `esk_${name}${c}${s}`, colour: c, size: s, productName: name });
}
const kidsProducts = { products: KIDS_PRODUCTS.map(([name]) => name) };

const kidsLines = (text: string) => {
  const p = parsePastedOrder(text, kidsProducts);
  const m = matchItems(p.itemHints, kids);
  return { p, m, read: m.lines.map((l) => [l.eventSkuId, l.quantity]) };
};
const fleece = (colour: string, size: string) => idOf(kids, '儿童摇粒绒外套', colour, size);
const TWO_ITEMS = '刘洋 13912345678 浙江省杭州市西湖区文三路100号 儿童摇粒绒外套 浅蓝110码1件，加绒连帽卫衣 黄色100两件';

test('one line: the address ends where a product of the event is named, and both items find their product', () => {
  const two = kidsLines(TWO_ITEMS);
  assert.equal(two.p.name, '刘洋');
  assert.equal(two.p.phone, '13912345678');
  assert.deepEqual(two.p.address, { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路100号' });
  assert.deepEqual(two.p.itemHints.map((h) => [h.colour, h.size, h.quantity]), [['浅蓝', '110', 1], ['黄色', '100', 2]]);
  assert.equal(two.p.itemHints[0].product, '儿童摇粒绒外套');
  assert.deepEqual(two.read, [[fleece('浅蓝', '110'), 1], [idOf(kids, '加绒连帽卫衣', '黄色', '100'), 2]]);
  assert.deepEqual(two.m.unmatched, [], 'the fleece names which 浅蓝 110 it is');
  assert.deepEqual(two.p.issues, []);
  assert.equal(two.p.unparsed, '');
});

test('one line: a product named before one item leaves the address clean, and only then is the draft complete', () => {
  const one = kidsLines('刘洋 13912345678 浙江省杭州市西湖区文三路100号 儿童摇粒绒外套 粉色100码两件');
  assert.deepEqual(one.p.address, { province: '浙江省', city: '杭州市', district: '西湖区', detail: '文三路100号' });
  assert.deepEqual(one.p.itemHints.map((h) => [h.product, h.colour, h.size, h.quantity]), [['儿童摇粒绒外套', '粉色', '100', 2]]);
  assert.deepEqual(one.read, [[fleece('粉色', '100'), 2]]);
  assert.deepEqual(draftCompleteness(one.p, one.m.unmatched.length), { completeness: 1, share: 0 });
});

test('one line reads as the same content over several lines', () => {
  const two = kidsLines(TWO_ITEMS);
  const multi = kidsLines('刘洋 13912345678\n浙江省杭州市西湖区文三路100号\n儿童摇粒绒外套 浅蓝110码1件，加绒连帽卫衣 黄色100两件');
  assert.deepEqual(two.p.address, multi.p.address);
  assert.deepEqual(two.p.itemHints, multi.p.itemHints);
  assert.deepEqual(two.read, multi.read);
});

test('an event product glued to the house number, or named apart from its colour and size, is no part of the address', () => {
  const glued = kidsLines('刘洋 13912345678 浙江省杭州市西湖区文三路100号儿童摇粒绒外套 粉色100码两件');
  assert.equal(glued.p.address.detail, '文三路100号');
  assert.deepEqual(glued.read, [[fleece('粉色', '100'), 2]]);
  const apart = parsePastedOrder('刘洋 13912345678 浙江省杭州市西湖区文三路100号 儿童摇粒绒外套，粉色100码两件', kidsProducts);
  assert.equal(apart.address.detail, '文三路100号');
  assert.equal(apart.unparsed, '儿童摇粒绒外套', 'named alone, as on a line of its own, it is shown back');
  const short = parsePastedOrder('刘洋 13912345678 浙江省杭州市西湖区文三路100号 摇粒绒外套，粉色100码两件', kidsProducts);
  assert.equal(short.address.detail, '文三路100号', 'a long piece of the name is the name');
});

test('without the event\'s products a word before an item still ends the address; a building does not', () => {
  // an address book's paste knows no event
  assert.equal(parsePastedOrder('刘洋 13912345678 浙江省杭州市西湖区文三路100号 儿童摇粒绒外套 浅蓝110码1件').address.detail, '文三路100号');
  assert.equal(parsePastedOrder('刘洋 13912345678 浙江省杭州市西湖区文三路100号 华星时代广场 浅蓝110码1件', kidsProducts).address.detail, '文三路100号 华星时代广场');
});

test('an event\'s product names change nothing in a message that does not name them', () => {
  const products = [...new Set([...coats, ...beauty, ...kids].map((s) => s.productName))];
  for (const c of cases) assert.deepEqual(parsePastedOrder(c.msg, { products }), parsePastedOrder(c.msg), `message: ${c.msg}`);
});

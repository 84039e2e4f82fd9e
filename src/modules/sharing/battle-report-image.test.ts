import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PNG } from 'pngjs';
import { decodePng as decode, scanQr as scan } from '../../../test/support/png.ts';
import {
  renderBattleReport, battleReportTree, battleCount, battleSellThrough,
  BATTLE_REPORT_WIDTH, type BattleReportImageInput,
} from './battle-report-image.ts';
import type { PosterNode } from './poster.ts';

// jsqr is CommonJS whose types declare an ES default: under NodeNext the default import is the
// module, and the function is its .default (the module sets both).

// Every assert.ok here carries its own message: without one, node 20 rebuilds the message from
// this file's source, and it can hang on a line holding CJK text.

const ENDS_AT = new Date('2026-12-06T12:00:00Z'); // 20:00 in Shanghai
const LINK = 'https://sellthrough.example/s/rsl_01JD8Q4X7Z/evt_01JD8Q5B2K';

/** Cumulative units by ten-minute bucket from 20:00 on 4 December, China time; a bucket of 0 is left out, as battleReport does. */
function curveOf(units: number[], from = Date.UTC(2026, 11, 4, 20, 0), stepMinutes = 10): BattleReportImageInput['curve'] {
  let cumulative = 0;
  return units.flatMap((u, i) => {
    if (u === 0) return [];
    cumulative += u;
    return [{ at: new Date(from + i * stepMinutes * 60_000).toISOString().slice(0, 16), cumulative }];
  });
}

function report(over: Partial<BattleReportImageInput> = {}): BattleReportImageInput {
  return {
    lang: 'zh-CN',
    brandName: '江南布衣',
    title: '冬季清仓特卖 羊毛大衣专场',
    headline: '开场 30 分钟售出 1,200 件',
    sold: 3_286,
    sellThroughBps: 7_342,
    buyers: 1_204,
    soldOutSkus: 12,
    topSkus: [
      { productName: '羊毛双面呢大衣', colour: '驼色', size: 'M', sold: 320 },
      { productName: '羊绒高领毛衣', colour: '燕麦', size: 'S', sold: 286 },
      { productName: '直筒羊毛西裤', colour: '黑色', size: 'L', sold: 211 },
      { productName: '落肩羽绒服 短款', colour: '雾霾蓝', size: 'XL', sold: 174 },
      { productName: '针织开衫', colour: '米白', size: '均码', sold: 98 },
    ],
    curve: curveOf([480, 420, 300, 610, 520, 0, 0, 380, 260, 0, 316]),
    endsAt: ENDS_AT,
    link: LINK,
    resellerName: '小美的折扣店',
    ...over,
  };
}

/** Every string the card prints. */
function printed(node: PosterNode | string): string[] {
  if (typeof node === 'string') return [node];
  const c = node.props.children;
  return c === undefined ? [] : (Array.isArray(c) ? c : [c]).flatMap(printed);
}

/** The card's text run together without spaces, to find a sentence drawn in several pieces. */
function runTogether(input: BattleReportImageInput): string {
  return printed(battleReportTree(input)).join('').replace(/\s+/g, '');
}

// A battle report's input has no field for money: the type says so.
type NoMoney<T> = Extract<keyof T, `${string}${'rice' | 'mount' | 'fen' | 'Fen' | 'yuan' | 'gmv' | 'GMV' | 'revenue' | 'Revenue' | 'margin' | 'Margin'}${string}`> extends never ? true : false;
const carriesNoMoney: NoMoney<BattleReportImageInput> & NoMoney<BattleReportImageInput['topSkus'][number]> = true;

test('a battle report in Chinese is a 750 px wide PNG, taller than wide, whose QR code reads back as the share link', async () => {
  const image = decode(await renderBattleReport(report()));
  assert.equal(image.width, BATTLE_REPORT_WIDTH);
  assert.equal(BATTLE_REPORT_WIDTH, 750);
  assert.ok(image.height >= 1300 && image.height <= 2000, `a sensible height, not ${image.height}`);
  assert.equal(scan(image), LINK);
});

test('a battle report in English is 750 px wide too and its QR code reads back as the share link', async () => {
  const image = decode(await renderBattleReport(report({ lang: 'en', headline: '1,200 sold in the first 30 minutes', resellerName: 'Mia’s deals' })));
  assert.equal(image.width, 750);
  assert.ok(image.height >= 1300 && image.height <= 2000, `a sensible height, not ${image.height}`);
  assert.equal(scan(image), LINK);
});

test('before the first sale, without a link or a reseller: the card still renders, shorter, with no QR code and no scan hint', async () => {
  const input = report({
    headline: '已抢走 0 件，0 位买家下单', sold: 0, sellThroughBps: 0, buyers: 0, soldOutSkus: 0, topSkus: [], curve: [], link: null, resellerName: null,
  });
  const image = decode(await renderBattleReport(input));
  assert.equal(image.width, 750);
  assert.ok(image.height >= 800 && image.height < decode(await renderBattleReport(report())).height, `shorter than a full report, not ${image.height}`);
  assert.equal(scan(image), undefined);
  const text = printed(battleReportTree(input));
  assert.ok(text.includes('还没有成交，开场后这里会实时更新'), 'the empty curve says the card updates once the sale opens');
  assert.ok(!text.includes('长按识别二维码 抢购'), 'no scan hint without a QR code');
  assert.ok(text.includes('12月6日 20:00 结束'), 'the end time is still printed');
  assert.ok(!text.some((s) => s.startsWith('热销')), 'no top list without sales');
});

test('the band, the curve and the QR code are drawn where satori left their slots: no pixel keeps a slot\'s colour', async () => {
  const image = decode(await renderBattleReport(report()));
  let slotPixels = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i] === 0xfe && image.data[i + 1] === 0x01 && image.data[i + 2] >= 0x01 && image.data[i + 2] <= 0x03) slotPixels++;
  }
  assert.equal(slotPixels, 0);
});

test('a headline too long for one line wraps between characters and words, every piece of it printed', () => {
  const headline = '开场 2 小时售出 12,345 件，3,210 位买家抢到心头好，售罄率 87%';
  assert.ok(runTogether(report({ headline })).includes(headline.replace(/\s+/g, '')), 'the whole zh headline is printed');
  const pieces = printed(battleReportTree(report({ headline })));
  assert.ok(pieces.includes('件，') && pieces.includes('12,345'), 'punctuation stays with the character before it, numbers whole');
  const en = 'Sold out of 1,200 winter coats within the first 30 minutes of the sale';
  assert.ok(runTogether(report({ lang: 'en', headline: en })).includes(en.replace(/\s+/g, '')), 'the whole en headline is printed');
});

test('what a Chinese battle report says: the band, the headline, the three figures with separators, the top five, the sold-out count, the footer', () => {
  const text = printed(battleReportTree(report()));
  for (const s of ['销售战报', '江南布衣', '冬季清仓特卖 羊毛大衣专场', '3,286', '件', '73.4%', '1,204', '位', '已售', '售罄率', '买家',
    '热销 TOP 5', '已售罄 12 款', '羊毛双面呢大衣', '驼色 / M', '320 件', '98 件', '小美的折扣店', '12月6日 20:00 结束', '长按识别二维码 抢购']) {
    assert.ok(text.includes(s), `prints ${s}`);
  }
  assert.ok(runTogether(report()).includes('开场30分钟售出1,200件'), 'prints the headline');
});

test('what an English battle report says', () => {
  const input = report({ lang: 'en', headline: '1,200 sold in the first 30 minutes', resellerName: 'Mia’s deals' });
  const text = printed(battleReportTree(input));
  for (const s of ['Battle report', '3,286', '73.4%', '1,204', 'Units sold', 'Sell-through', 'Buyers', 'Top 5', '12 SKUs sold out', '320 pcs',
    "Mia's deals", 'Ends 6 Dec 20:00', 'Scan to shop', 'Units sold so far']) {
    assert.ok(text.includes(s), `prints ${s}`);
  }
  assert.ok(runTogether(input).includes('1,200soldinthefirst30minutes'), 'prints the headline');
  for (const zh of ['销售战报', '已售', '售罄率', '位', '件', '热销', '长按识别二维码', '结束', '累计销量']) {
    assert.ok(!text.some((s) => s === zh || s.endsWith(` ${zh}`)), `no Chinese word of its own: ${zh}`);
  }
});

test('a battle report prints no money: no field for it, no currency on the card, and a headline with an amount is refused', () => {
  assert.equal(carriesNoMoney, true);
  const text = printed(battleReportTree(report())).join(' ');
  assert.ok(!/[¥￥$]|元/.test(text), 'no currency sign or 元 on the card');
  for (const headline of ['开场 30 分钟成交 ¥12,000', '已售 3.2 万元', '卖了 500 块', 'GMV 12,000 CNY', 'Sold ¥1,200 in 30 minutes']) {
    assert.throws(() => battleReportTree(report({ headline })), RangeError, headline);
  }
  assert.doesNotThrow(() => battleReportTree(report({ headline: '元旦特卖 开场 30 分钟售出 1,200 件' })));
});

test('the curve: its axis runs from the first bucket to the end of the last, with the date when it spans days; one point is enough', () => {
  const text = printed(battleReportTree(report()));
  assert.ok(text.includes('20:00') && text.includes('21:50'), 'ten-minute buckets from 20:00 to the end of the 21:40 one');
  assert.ok(text.includes('3,286 件'), 'the curve is labelled with the units sold so far');
  const one = printed(battleReportTree(report({ curve: [{ at: '2026-12-04T20:00', cumulative: 7 }] })));
  assert.ok(one.includes('20:00') && one.includes('20:10') && one.includes('7 件'), 'one bucket: 20:00 to 20:10, 7 units');
  // the first day in ten-minute buckets, then hourly: a curve over two days prints the day
  const days = [...curveOf([5, 3]), { at: '2026-12-05T21:00', cumulative: 20 }];
  const two = printed(battleReportTree(report({ curve: days })));
  assert.ok(two.includes('12月4日 20:00') && two.includes('12月5日 22:00'), 'a two-day curve prints the day at both ends');
});

test('a curve point that is not China time as YYYY-MM-DDTHH:MM, or out of order, is refused', () => {
  assert.throws(() => battleReportTree(report({ curve: [{ at: '2026-12-04 20:00', cumulative: 1 }] })), RangeError);
  assert.throws(() => battleReportTree(report({ curve: [{ at: '2026-12-04T20:10', cumulative: 1 }, { at: '2026-12-04T20:00', cumulative: 2 }] })), RangeError);
});

test('the top list shows at most five SKUs, and says TOP 3 when there are three', () => {
  const many = Array.from({ length: 8 }, (_, i) => ({ productName: `单品${i + 1}`, colour: '黑色', size: 'M', sold: 100 - i }));
  const text = printed(battleReportTree(report({ topSkus: many })));
  assert.ok(text.includes('单品5') && !text.includes('单品6'), 'the first five only');
  const three = printed(battleReportTree(report({ topSkus: many.slice(0, 3) })));
  assert.ok(three.includes('热销 TOP 3'), 'TOP 3');
});

test('counts print with thousands separators, sell-through rounded down to a tenth of a per cent', () => {
  assert.equal(battleCount(0), '0');
  assert.equal(battleCount(1_200), '1,200');
  assert.equal(battleCount(1_234_567), '1,234,567');
  assert.throws(() => battleCount(-1), RangeError);
  assert.throws(() => battleCount(1.5), RangeError);
  assert.equal(battleSellThrough(8_734), '87.3%');
  assert.equal(battleSellThrough(8_739), '87.3%');
  assert.equal(battleSellThrough(5_000), '50%');
  assert.equal(battleSellThrough(9_999), '99.9%');
  assert.equal(battleSellThrough(10_000), '100%');
  assert.equal(battleSellThrough(0), '0%');
  assert.throws(() => battleSellThrough(10_001), RangeError);
});

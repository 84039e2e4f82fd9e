import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PNG } from 'pngjs';
import { decodePng as decode, scanQr as scan } from '../../../test/support/png.ts';
import {
  renderPoster, renderPosterWhole, posterTree, posterSize, posterPrice, posterDiscount, posterEndsAt,
  POSTER_WIDTH, PRODUCT_POSTER_HEIGHT, type PosterInput, type PosterItem, type PosterNode,
} from './poster.ts';

// jsqr is CommonJS whose types declare an ES default: under NodeNext the default import is the
// module, and the function is its .default (the module sets both).

// Every assert.ok here carries its own message: without one, node 20 rebuilds the message from
// this file's source, and it can hang on a line holding CJK text.

const ENDS_AT = new Date('2026-12-06T12:00:00Z'); // 20:00 in Shanghai
const LINK = 'https://sellthrough.example/s/rsl_01JD8Q4X7Z/evt_01JD8Q5B2K?p=prd_01JD8Q6C9M';

/** A small product picture, as the demo draws them: SVG bytes. */
function picture(colour: string): Uint8Array {
  return new TextEncoder().encode(
    `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="160" viewBox="0 0 120 160"><rect width="120" height="160" fill="#f3efe9"/>`
    + `<path d="M40 30 L60 40 L80 30 L100 50 L90 70 L85 65 L85 130 L35 130 L35 65 L30 70 L20 50 Z" fill="${colour}"/></svg>`);
}

const COLOURS = ['#b98a5e', '#2b2b2e', '#8aa1b8', '#7d2638', '#2f4f43', '#d8a7a7', '#f2cf5b', '#23314f', '#9a9da3'];

function productPoster(over: Partial<PosterInput> = {}): PosterInput {
  return {
    lang: 'zh-CN',
    kind: 'product',
    title: '羊毛双面呢大衣 女款中长款 驼色',
    brandName: '江南布衣',
    items: [{ name: '羊毛双面呢大衣', image: picture(COLOURS[0]), imageMime: 'image/svg+xml', price: 12_950, tagPrice: 39_900 }],
    currency: 'CNY',
    endsAt: ENDS_AT,
    link: LINK,
    reseller: { name: '小美的折扣店', avatar: null, avatarMime: null },
    ...over,
  };
}

function eventPoster(over: Partial<PosterInput> = {}): PosterInput {
  return productPoster({
    kind: 'event',
    title: '江南布衣 冬季清仓特卖',
    items: COLOURS.map((c, i) => ({ name: `单品${i + 1}`, image: picture(c), imageMime: 'image/svg+xml', price: 5_900 + i * 1_000, tagPrice: 19_900 + i * 2_000 })),
    ...over,
  });
}

/** Every string the poster prints. */
function printed(node: PosterNode | string): string[] {
  if (typeof node === 'string') return [node];
  const c = node.props.children;
  return c === undefined ? [] : (Array.isArray(c) ? c : [c]).flatMap(printed);
}

// A poster's item has exactly these fields, and none of them is the base price: the type says so.
type NoBasePrice<T> = Extract<keyof T, `${string}${'base' | 'Base'}${string}`> extends never ? true : false;
const itemsCarryNoBasePrice: NoBasePrice<PosterItem> & NoBasePrice<PosterInput> = true;

test('a product poster is 750 × 1334 and its QR code reads back as the share link exactly', async () => {
  const image = decode(await renderPoster(productPoster()));
  assert.equal(image.width, POSTER_WIDTH);
  assert.equal(image.height, PRODUCT_POSTER_HEIGHT);
  assert.equal(scan(image), LINK);
});

test('an event poster shows nine items as 3 × 3 and its QR code reads back as the share link', async () => {
  const input = eventPoster();
  const image = decode(await renderPoster(input));
  assert.equal(image.width, POSTER_WIDTH);
  assert.equal(image.height, posterSize(input).height);
  assert.equal(scan(image), LINK);
  const text = printed(posterTree(input).tree);
  for (let i = 1; i <= 9; i++) assert.ok(text.includes(`单品${i}`), `item ${i} is shown`);
});

test('a poster prints the selling and tag prices and never a base price, even when the row passed in has one', () => {
  assert.equal(itemsCarryNoBasePrice, true);
  const row = { name: '羊毛双面呢大衣', image: null, imageMime: null, price: 12_950, tagPrice: 39_900, basePrice: 7_777 };
  const text = printed(posterTree(productPoster({ items: [row] })).tree).join(' ');
  assert.ok(text.includes('129') && text.includes('.50'), 'the selling price ¥129.50 is printed');
  assert.ok(text.includes('¥399'), 'the tag price is printed');
  assert.ok(text.includes('3.3折'), 'the discount is printed');
  assert.ok(!text.includes('77'), 'the base price is not printed');
});

test('what a poster says: end time in China time, badge, discount, in Chinese or English', () => {
  const zh = printed(posterTree(productPoster({ kind: 'flash' })).tree);
  assert.ok(zh.includes('12月6日 20:00 结束'), 'zh end time');
  assert.ok(zh.includes('秒杀'), 'zh flash-sale badge');
  assert.ok(zh.includes('长按识别二维码'), 'zh scan hint');
  const en = printed(posterTree(productPoster({ kind: 'group', lang: 'en' })).tree);
  assert.ok(en.includes('Ends 6 Dec 20:00'), 'en end time');
  assert.ok(en.includes('Group buy'), 'en group-buy badge');
  assert.ok(en.includes('67% off'), 'en discount: 3.3折 is 67% off');
  assert.ok(!printed(posterTree(productPoster()).tree).some((s) => s === '秒杀' || s === '拼团' || s === '预售'), 'a plain product has no badge');
});

test('different links and different languages give different posters', async () => {
  const [a, b, en] = await Promise.all([
    renderPoster(productPoster()),
    renderPoster(productPoster({ link: `${LINK}&r=2` })),
    renderPoster(productPoster({ lang: 'en' })),
  ]);
  assert.notDeepEqual(Buffer.from(a), Buffer.from(b));
  assert.notDeepEqual(Buffer.from(a), Buffer.from(en));
});

/** The rows where two decoded posters of the same size differ, as [first, last], or null. */
function rowsDiffering(a: PNG, b: PNG): [number, number] | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i < a.data.length; i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) {
      const row = Math.floor(i / 4 / a.width);
      if (first < 0) first = row;
      last = row;
    }
  }
  return first < 0 ? null : [first, last];
}

test('a second link to the same sale event gets a poster composed from the first one\'s body: its own QR code, nothing else changed', async () => {
  const input = eventPoster({ title: '江南布衣 冬季清仓特卖 第二场' });
  const second = `${LINK}&r=second`;
  const a = decode(await renderPoster(input));
  const b = decode(await renderPoster({ ...input, link: second }));
  assert.equal(scan(b), second);
  assert.equal(scan(a), LINK);
  const differ = rowsDiffering(a, b);
  assert.ok(differ !== null, 'the two posters differ');
  // the QR code's box: the footer's last 248 px above the bottom padding of 32
  assert.ok(differ[0] >= a.height - 32 - 248 && differ[1] < a.height - 32, `only the QR code's rows differ, not ${differ}`);
});

test('a composed poster is, pixel for pixel, the poster drawn whole in one pass', async () => {
  const avatar = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#2a9d8f"/></svg>');
  const inputs = [
    productPoster({ kind: 'flash', reseller: { name: 'Mia 的小店', avatar, avatarMime: 'image/svg+xml' } }),
    eventPoster({ lang: 'en', items: eventPoster().items.slice(0, 5) }),
    // a link whose QR code does not fill its box evenly: the code is centred on a half pixel
    productPoster({ link: 'https://sellthrough.example/s/rsl_01JD8Q4X7Z' }),
  ];
  for (const input of inputs) {
    const [composed, whole] = await Promise.all([renderPoster(input), renderPosterWhole(input)]);
    assert.equal(rowsDiffering(decode(composed), decode(whole)), null, `${input.kind} ${input.link}: no pixel differs`);
  }
});

test('a picture that cannot be drawn (WebP, junk) or a missing one leaves a plain block, not a failure', async () => {
  const webp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
  const escaping = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/hostname"/></svg>');
  const items: PosterItem[] = [
    { name: 'webp', image: webp, imageMime: 'image/webp', price: 100, tagPrice: 200 },
    { name: 'junk', image: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), imageMime: 'image/png', price: 100, tagPrice: 200 },
    { name: 'escaping', image: escaping, imageMime: 'image/svg+xml', price: 100, tagPrice: 200 },
    { name: 'none', image: null, imageMime: null, price: 100, tagPrice: 200 },
  ];
  const image = decode(await renderPoster(eventPoster({ items, reseller: { name: 'Mia', avatar: webp, avatarMime: 'image/webp' } })));
  assert.equal(image.height, posterSize({ kind: 'event', items }).height);
  assert.equal(scan(image), LINK);
});

test('grids: 1 column for one item, 2 for two or four, else 3; a product is one item; 1–9 items', () => {
  const items = (n: number) => eventPoster().items.slice(0, n);
  const heights = [1, 2, 3, 4, 6, 9].map((n) => posterSize({ kind: 'event', items: items(n) }).height);
  assert.deepEqual(heights, [1397, 1054, 939, 1491, 1261, 1583]);
  assert.equal(posterSize({ kind: 'flash', items: items(1) }).height, PRODUCT_POSTER_HEIGHT);
  assert.equal(posterSize({ kind: 'presale', items: items(3) }).height, 939);
  assert.throws(() => posterSize({ kind: 'product', items: items(2) }), RangeError);
  assert.throws(() => posterSize({ kind: 'event', items: [] }), RangeError);
  assert.throws(() => posterSize({ kind: 'event', items: [...items(9), ...items(1)] }), RangeError);
});

test('prices print as yuan, with fen only when there are some', () => {
  assert.equal(posterPrice(12_900), '¥129');
  assert.equal(posterPrice(12_950), '¥129.50');
  assert.equal(posterPrice(12_905), '¥129.05');
  assert.equal(posterPrice(5), '¥0.05');
  assert.equal(posterPrice(129_900), '¥1299');
  assert.throws(() => posterPrice(1.5), RangeError);
});

test('the discount is price × 10 / tag price in 折, rounded down to a tenth; in English the same figure off', () => {
  assert.equal(posterDiscount(3_500, 10_000, 'zh-CN'), '3.5折');
  assert.equal(posterDiscount(3_500, 10_000, 'en'), '65% off');
  assert.equal(posterDiscount(12_950, 39_900, 'zh-CN'), '3.3折', 'rounded up, as the shop rounds it'); // 3.245…
  // ¥544 on a ¥1,899 tag is 2.86折: the shop's product page and badges say 2.9折 (71% off), so does the poster.
  assert.equal(posterDiscount(54_400, 189_900, 'zh-CN'), '2.9折');
  assert.equal(posterDiscount(54_400, 189_900, 'en'), '71% off');
  assert.equal(posterDiscount(3_000, 10_000, 'zh-CN'), '3折');
  assert.equal(posterDiscount(9_900, 10_000, 'zh-CN'), '9.9折');
  assert.equal(posterDiscount(9_999, 10_000, 'zh-CN'), null, 'under 1 % off: nothing to print');
  assert.equal(posterDiscount(1, 10_000, 'zh-CN'), '0.1折');
  assert.equal(posterDiscount(10_000, 10_000, 'zh-CN'), null);
  assert.equal(posterDiscount(500, 0, 'zh-CN'), null);
});

test('the end time is China time whatever the server zone', () => {
  assert.equal(posterEndsAt(new Date('2026-01-31T16:30:00Z'), 'zh-CN'), '2月1日 00:30 结束');
  assert.equal(posterEndsAt(new Date('2026-01-31T16:30:00Z'), 'en'), 'Ends 1 Feb 00:30');
});

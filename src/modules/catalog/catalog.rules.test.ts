import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { colourPictures, parseYuan, skuPicture, validateLotRows } from './catalog.rules.ts';
import { translateFieldMessage } from '../../platform/field-messages.ts';

test('yuan parse to fen without floats', () => {
  assert.equal(parseYuan('199'), 19900);
  assert.equal(parseYuan('199.5'), 19950);
  assert.equal(parseYuan('¥1,299.00'), 129900);
  assert.equal(parseYuan('0.07'), 7);
  for (const bad of ['', '1.999', '-5', 'abc', '1e3', '12.']) assert.equal(parseYuan(bad), null, bad);
  fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 99 }), (y, f) => {
    assert.equal(parseYuan(`${y}.${String(f).padStart(2, '0')}`), y * 100 + f);
  }));
});

test('English and Chinese headers map to the same rows', () => {
  const en = validateLotRows([['spu_code', 'product_name', 'category', 'colour', 'size', 'sku_code', 'tag_price', 'base_price', 'quantity'], ['A1', '衬衫', '男装', '白', 'L', 'A1-W-L', '299', '79.9', '12']]);
  const zh = validateLotRows([['款号', '商品名称', '品类', '颜色', '尺码', 'SKU编码', '吊牌价', '平台价', '数量'], ['A1', '衬衫', '男装', '白', 'L', 'A1-W-L', '299', '79.9', '12']]);
  assert.deepEqual(en.errors, []);
  assert.deepEqual(en.rows, zh.rows);
  assert.equal(en.rows[0].basePrice, 7990);
});

test('one product name per spu_code; blank lines are skipped; every bad cell is reported', () => {
  const r = validateLotRows([
    ['spu_code', 'product_name', 'category', 'colour', 'size', 'sku_code', 'tag_price', 'base_price', 'quantity'],
    ['A1', '衬衫', '男装', '白', 'L', 'A1-W-L', '299', '79.9', '12'],
    ['', '', '', '', '', '', '', '', ''],
    ['A1', '衬衣', '男装', '白', 'XL', 'A1-W-XL', '299', '0', '0'],
  ]);
  assert.deepEqual(r.rows, []);
  assert.deepEqual(r.errors.map((e) => `${e.row}:${e.column}`).sort(), ['4:base_price', '4:product_name', '4:quantity']);
});

test('a negative quantity is told to be more than 0; a fraction is told to be a whole number', () => {
  const header = ['spu_code', 'product_name', 'category', 'colour', 'size', 'sku_code', 'tag_price', 'base_price', 'quantity'];
  const row = (sku: string, qty: string) => ['A1', '衬衫', '男装', '白', sku, `A1-${sku}`, '299', '79.9', qty];
  const r = validateLotRows([header, row('S', '-5'), row('M', '0'), row('L', '2.5'), row('XL', '五'), row('XXL', '+3')]);
  const byRow = Object.fromEntries(r.errors.map((e) => [e.row, e.message]));
  assert.deepEqual(byRow, { 2: 'must be more than 0', 3: 'must be more than 0', 4: 'must be a whole number', 5: 'must be a whole number' });
  assert.deepEqual(r.rows, []);
  assert.equal(translateFieldMessage(byRow[2], 'zh-CN'), '必须大于 0');
  assert.equal(translateFieldMessage(byRow[4], 'zh-CN'), '必须是整数');
  assert.equal(validateLotRows([header, row('XXL', '+3')]).rows[0].quantity, 3);
});

test('each colour’s picture is the first its rows list that not every colour does; a SKU shows it, else the product’s first', () => {
  const row = (colour: string, ...images: string[]) => ({ colour, images });
  // A main picture beside each colour's own (the old demo files, many ERPs).
  assert.deepEqual(colourPictures([row('粉色', 'm.jpg', 'pk.jpg'), row('粉色', 'm.jpg', 'pk.jpg'), row('浅蓝', 'm.jpg', 'lb.jpg'), row('浅蓝', 'm.jpg', 'lb.jpg')]), { 粉色: 'pk.jpg', 浅蓝: 'lb.jpg' });
  // Each colour's picture alone, or first before shared detail shots.
  assert.deepEqual(colourPictures([row('粉色', 'pk.jpg'), row('浅蓝', 'lb.jpg')]), { 粉色: 'pk.jpg', 浅蓝: 'lb.jpg' });
  assert.deepEqual(colourPictures([row('粉色', 'pk.jpg', 'chart.jpg'), row('浅蓝', 'lb.jpg', 'chart.jpg')]), { 粉色: 'pk.jpg', 浅蓝: 'lb.jpg' });
  // The first colour's picture as the product's main one: that colour lists only shared pictures.
  assert.deepEqual(colourPictures([row('粉色', 'pk.jpg'), row('浅蓝', 'pk.jpg', 'lb.jpg')]), { 浅蓝: 'lb.jpg' });
  // The same pictures for every colour: none is a colour's.
  assert.deepEqual(colourPictures([row('黑色', 'a.jpg', 'b.jpg'), row('驼色', 'a.jpg', 'b.jpg')]), {});
  assert.deepEqual(colourPictures([row('黑色'), row('驼色')]), {});
  // One colour: its first picture.
  assert.deepEqual(colourPictures([row('标准', 'a.jpg', 'b.jpg')]), { 标准: 'a.jpg' });

  const product = { images: ['m.jpg', 'pk.jpg', 'lb.jpg'], colourImages: { 粉色: 'pk.jpg', 浅蓝: 'lb.jpg' } };
  assert.equal(skuPicture(product, '浅蓝'), 'lb.jpg');
  assert.equal(skuPicture(product, '黑色'), 'm.jpg', 'a colour without its own picture shows the product’s first');
  assert.equal(skuPicture(product, 'constructor'), 'm.jpg', 'a colour named like an object key is just a colour');
  assert.equal(skuPicture({ images: [], colourImages: {} }, '浅蓝'), null);
});

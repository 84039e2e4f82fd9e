import { test } from 'node:test';
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import { attachment, csvCell, csvRows, csvStream, csvYuan } from './csv.ts';

test('a cell that a spreadsheet would run as a formula is shown as text', () => {
  for (const v of ['=1+1', '+86', '-2', '@SUM(A1)', '\tx', '＝1']) assert.equal(csvCell(v), `'${v}`);
  assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
  assert.equal(csvCell('a,b'), '"a,b"');
  assert.equal(csvCell('羊毛大衣'), '羊毛大衣');
  assert.equal(csvCell(-3), '-3', 'numbers stay numbers');
});

test('a streamed file starts with the BOM and has CRLF lines', async () => {
  const out = await text(csvStream((async function* () { yield [['a', 1]]; yield []; yield [['=b', 2]]; })()));
  assert.equal(out, "\uFEFFa,1\r\n'=b,2\r\n");
  assert.equal(csvRows([['x']]), 'x\r\n');
});

test('fen become yuan exactly; a download names its file in ASCII and UTF-8', () => {
  assert.equal(csvYuan(19990), 199.9);
  assert.equal(String(csvYuan(1999)), '19.99');
  assert.equal(String(csvYuan(1)), '0.01');
  assert.throws(() => csvYuan(1.5));
  assert.equal(attachment('pick-list.csv', '拣货单.csv'), `attachment; filename="pick-list.csv"; filename*=UTF-8''${encodeURIComponent('拣货单.csv')}`);
});

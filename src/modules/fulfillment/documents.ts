// Printed documents besides labels: the purchase order a brand prints or files (采购单), A4, in
// Chinese or English, with the same embedded CJK font as the labels.
import { shanghaiMinute } from '../../platform/time.ts';
import { pdfDocument, pdfTable } from './labels.ts';

export interface PurchaseOrderDoc {
  poNo: string; brandName: string; eventTitle: string; wave: number; mode: 'warehouse' | 'drop_ship'; status: string;
  shipDate: string | null; issuedAt: Date;
  lines: { skuCode: string; barcode: string; name: string; colour: string; size: string; ordered: number; received: number; short: number; bin: string }[];
  shipTo: string;
}

const WORDS = {
  'zh-CN': {
    title: '采购单', po: '采购单号', brand: '品牌', event: '档期', wave: '批次', ship: '发货日期', issued: '开单时间', mode: '发货方式', warehouse: '发往平台仓', drop: '品牌直发（代发）',
    to: '收货地址', cols: ['货号', '条码', '商品', '颜色', '尺码', '数量', '已收', '短缺', '库位'], total: '合计', unset: '待品牌确认', note: '请按采购单数量发货；少发的商品将取消并退款给消费者，计入品牌对账单。',
  },
  en: {
    title: 'Purchase order', po: 'PO number', brand: 'Brand', event: 'Sale event', wave: 'Wave', ship: 'Ship date', issued: 'Issued', mode: 'Shipping', warehouse: 'to the platform warehouse', drop: 'drop-ship by the brand',
    to: 'Ship to', cols: ['SKU code', 'Barcode', 'Product', 'Colour', 'Size', 'Units', 'Received', 'Short', 'Bin'], total: 'Total', unset: 'awaiting the brand', note: 'Ship the quantities ordered; units short are cancelled and refunded to consumers and shown on the brand statement.',
  },
} as const;

/** A purchase order as an A4 PDF (one or more pages; the table's header repeats). */
export async function renderPurchaseOrder(po: PurchaseOrderDoc, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Uint8Array> {
  const w = WORDS[lang];
  return pdfDocument({ size: 'A4', margin: 40, info: { Title: `${w.title} ${po.poNo}` } }, (doc) => {
    doc.font('bold').fontSize(20).text(`${w.title}  ${po.poNo}`);
    doc.moveDown(0.5).font('regular').fontSize(10);
    const facts: [string, string][] = [
      [w.brand, po.brandName], [w.event, po.eventTitle], [w.wave, String(po.wave)], [w.mode, po.mode === 'drop_ship' ? w.drop : w.warehouse],
      [w.ship, po.shipDate ?? w.unset], [w.issued, shanghaiMinute(po.issuedAt)], [w.to, po.shipTo],
    ];
    for (const [k, v] of facts) doc.text(`${k}：${v}`);
    doc.moveDown(0.8);
    pdfTable(doc, {
      columns: w.cols, widths: [70, 90, 120, 45, 35, 40, 40, 40, 45], reserve: 40,
      rows: po.lines.map((l) => [l.skuCode, l.barcode, l.name, l.colour, l.size, String(l.ordered), String(l.received), String(l.short), l.bin]),
    });
    const total = po.lines.reduce((a, l) => a + l.ordered, 0);
    doc.moveDown(0.5).font('bold').text(`${w.total}：${total}`, doc.page.margins.left);
    doc.moveDown(1).font('regular').fontSize(9).fillColor('#555').text(w.note, doc.page.margins.left);
  });
}

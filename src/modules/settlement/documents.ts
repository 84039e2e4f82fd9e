// Statements on paper (对账单): a brand's month and a sale event's figures, A4, zh-CN or en, with
// the same embedded CJK font as the labels and purchase orders.
import { shanghaiMinute, shanghaiDay } from '../../platform/time.ts';
import { formatMoney } from '../../platform/money.ts';
import { pdfDocument, pdfTable } from '../fulfillment/index.ts';
import type { BrandStatementView, EventStatementView } from './statements.service.ts';

const WORDS = {
  'zh-CN': {
    month: '品牌月度对账单', event: '档期对账单', brand: '品牌', period: '账期', printed: '打印时间', status: '状态',
    rows: { soldUnits: '售出件数（已过退货期）', returnedUnits: '退货件数', shortUnits: '短缺件数', gross: '货款（平台价 × 件数）', commission: '平台佣金', discountsBorne: '品牌承担优惠', settled: '本月结算', adjustments: '售后调整（已结算订单的退款）', carriedIn: '上期结转', amountDue: '应付金额', paid: '已付金额' },
    erows: { soldUnits: '售出件数', cancelledUnits: '取消件数', shortUnits: '短缺件数', returnedUnits: '退货件数', keptUnits: '实售件数', gross: '货款', commission: '平台佣金', discountsBorne: '品牌承担优惠', netPayable: '应付品牌', settled: '已结算' },
    cols: ['货号', '商品', '售出', '短缺', '退货', '实售', '货款', '应付'],
    statuses: { open: '本月进行中', closed: '待付款', paying: '付款中', paid: '已付款' },
    payouts: '付款记录', note: '结算以退货期结束为准；退货期后发生的退款计入下期调整。',
  },
  en: {
    month: 'Brand monthly statement', event: 'Sale event statement', brand: 'Brand', period: 'Period', printed: 'Printed', status: 'Status',
    rows: { soldUnits: 'Units sold (return window over)', returnedUnits: 'Units returned', shortUnits: 'Units short', gross: 'Gross (base price × units)', commission: 'Platform commission', discountsBorne: 'Discounts borne by the brand', settled: 'Settled this month', adjustments: 'Adjustments (refunds on settled orders)', carriedIn: 'Carried in', amountDue: 'Amount due', paid: 'Paid' },
    erows: { soldUnits: 'Units sold', cancelledUnits: 'Units cancelled', shortUnits: 'Units short', returnedUnits: 'Units returned', keptUnits: 'Units kept', gross: 'Gross', commission: 'Platform commission', discountsBorne: 'Discounts borne', netPayable: 'Net payable', settled: 'Settled' },
    cols: ['SKU code', 'Product', 'Sold', 'Short', 'Returned', 'Kept', 'Gross', 'Payable'],
    statuses: { open: 'month in progress', closed: 'to pay', paying: 'paying', paid: 'paid' },
    payouts: 'Payouts', note: 'Lines settle when their return window is over; refunds after that are adjusted in the next statement.',
  },
} as const;

const MONEY_ROWS = new Set(['gross', 'commission', 'discountsBorne', 'settled', 'adjustments', 'carriedIn', 'amountDue', 'paid', 'netPayable']);

function table(doc: PDFKit.PDFDocument, rows: [string, string][]) {
  for (const [k, v] of rows) {
    const y = doc.y;
    doc.font('regular').fontSize(11).text(k, doc.page.margins.left, y, { width: 300 });
    doc.font('bold').text(v, doc.page.margins.left + 310, y, { width: 180, align: 'right' });
    doc.y = y + 20;
  }
}

export async function renderBrandStatement(s: BrandStatementView, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Uint8Array> {
  const w = WORDS[lang];
  return pdfDocument({ size: 'A4', margin: 48, info: { Title: `${w.month} ${s.brandName} ${s.period}` } }, (doc) => {
    doc.font('bold').fontSize(20).text(w.month);
    doc.moveDown(0.4).font('regular').fontSize(10);
    doc.text(`${w.brand}：${s.brandName}`);
    doc.text(`${w.period}：${s.period}（${shanghaiDay(s.periodStart)} – ${shanghaiDay(new Date(s.periodEnd.getTime() - 1))}）`);
    doc.text(`${w.status}：${w.statuses[s.status]}`);
    doc.text(`${w.printed}：${shanghaiMinute(new Date())}`);
    doc.moveDown(1);
    const keys = ['soldUnits', 'returnedUnits', 'shortUnits', 'gross', 'commission', 'discountsBorne', 'settled', 'adjustments', 'carriedIn', 'amountDue', 'paid'] as const;
    table(doc, keys.map((k) => [w.rows[k], MONEY_ROWS.has(k) ? formatMoney(s[k]) : String(s[k])]));
    if (s.payouts.length) {
      doc.moveDown(0.8).font('bold').fontSize(12).text(w.payouts, doc.page.margins.left);
      doc.font('regular').fontSize(10);
      for (const p of s.payouts) doc.text(`${shanghaiMinute(p.createdAt)}  ${formatMoney(p.amount)}  ${p.status}  ${p.account ? `${p.account.bankName ?? p.account.kind} ${p.account.accountNoMasked}` : ''}`);
    }
    doc.moveDown(1).fontSize(9).fillColor('#555').text(w.note, doc.page.margins.left);
  });
}

export async function renderEventStatement(e: EventStatementView, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Uint8Array> {
  const w = WORDS[lang];
  return pdfDocument({ size: 'A4', margin: 40, info: { Title: `${w.event} ${e.title}` } }, (doc) => {
    doc.font('bold').fontSize(18).text(`${w.event}  ${e.title}`);
    doc.moveDown(0.3).font('regular').fontSize(10).text(`${w.brand}：${e.brandName}    ${w.printed}：${shanghaiMinute(new Date())}`);
    doc.moveDown(0.8);
    const keys = ['soldUnits', 'cancelledUnits', 'shortUnits', 'returnedUnits', 'keptUnits', 'gross', 'commission', 'discountsBorne', 'netPayable', 'settled'] as const;
    table(doc, keys.map((k) => [w.erows[k], MONEY_ROWS.has(k) ? formatMoney(e[k]) : String(e[k])]));
    doc.moveDown(0.6);
    pdfTable(doc, {
      columns: w.cols, widths: [80, 170, 40, 40, 40, 40, 55, 55], reserve: 30,
      rows: e.skus.map((s) => [s.skuCode, s.name, String(s.sold), String(s.short), String(s.returned), String(s.kept), formatMoney(s.gross), formatMoney(s.netPayable)]),
    });
  });
}

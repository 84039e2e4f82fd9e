// Strings of the 销售战报 (battle report), merged under battleReport.*: the brand's and the
// operator's page, and the pieces the reseller app's report shares with them.
import { addAreaStrings } from '../lib/i18n-area.ts';

addAreaStrings('battleReport', {
  open: '销售战报', title: '销售战报', back: '返回档期', refreshHint: '进行中的档期每 30 秒自动刷新',
  headline: '开场 {{m}} 分钟售出 {{n}} 件', headlineSold: '已抢走 {{n}} 件，{{buyers}} 位买家下单', none: '还没有成交，开场后这里会实时更新',
  sold: '已售件数', ofInitial: '共 {{n}} 件', sellThrough: '售罄率', orders: '订单', buyers: '买家', resellers: '在卖代购',
  soldOutSkus: '售罄 SKU', ofSkus: '共 {{n}} 个 SKU', peak: '最火 10 分钟', peakValue: '{{time}} 售出 {{n}} 件', noPeak: '—',
  curve: '累计销量', chartLabel: '累计销量曲线', at: '时间（北京时间）', units: '售出件数', cumulative: '累计件数',
  top: '热销 TOP 5', noTop: '还没有售出的 SKU', rank: '排名', product: '商品', colour: '颜色', size: '尺码', skuSold: '已售', initial: '总量', skuRate: '售罄率',
  soldOut: '已售罄 SKU', noSoldOut: '还没有售罄的 SKU',
  image: '战报图片', imageHint: '只含件数与人数，不含任何价格，可直接发群或朋友圈', openImage: '打开战报图片', saveImage: '下载战报图片',
  csvTop: '热销SKU', csvSoldOut: '售罄SKU', csvCurve: '销量曲线',
}, {
  open: 'Battle report', title: 'Battle report', back: 'Back to the event', refreshHint: 'A live event refreshes every 30 seconds',
  headline: '{{n}} sold in the first {{m}} minutes', headlineSold: '{{n}} sold to {{buyers}} buyers so far', none: 'No sales yet — this updates live once the sale opens',
  sold: 'Units sold', ofInitial: 'of {{n}}', sellThrough: 'Sell-through', orders: 'Orders', buyers: 'Buyers', resellers: 'Resellers selling',
  soldOutSkus: 'SKUs sold out', ofSkus: 'of {{n}} SKUs', peak: 'Busiest 10 minutes', peakValue: '{{n}} sold at {{time}}', noPeak: '—',
  curve: 'Units sold so far', chartLabel: 'Cumulative units sold', at: 'Time (China)', units: 'Units sold', cumulative: 'Cumulative units',
  top: 'Top 5 SKUs', noTop: 'No SKU has sold yet', rank: 'Rank', product: 'Product', colour: 'Colour', size: 'Size', skuSold: 'Sold', initial: 'Stock', skuRate: 'Sell-through',
  soldOut: 'Sold-out SKUs', noSoldOut: 'No SKU has sold out yet',
  image: 'Report image', imageHint: 'Units and people only, no prices: post it in groups or on Moments as it is', openImage: 'Open the image', saveImage: 'Download the image',
  csvTop: 'top-skus', csvSoldOut: 'sold-out-skus', csvCurve: 'sales-curve',
});

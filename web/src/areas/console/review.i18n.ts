// The console's strings for what a real user's review asked for, merged under console.*: the
// warning on a title that promises a discount, the campaign progress in words, flash sales in
// the navigation.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('console', {
  eventForm: {
    titlePromise: '标题里不必写折扣：每位代购的售价不同，卡片会按实际售价自动显示「低至N折」，手写的折扣可能与售价不符。',
  },
  campaigns: {
    progressPaid: '{{paid}} 件已付款 / 起订 {{moq}} 件', progressOver: '（超出 {{n}} 件）', progressPending: '另 {{n}} 件待付款',
    progressLegend: '已付款件数 / 起订量（MOQ）。待付款的件数付款后才计入；超过起订量的件数照常生产。',
  },
}, {
  eventForm: {
    titlePromise: 'No need to put a discount in the title: each reseller prices differently, and the cards show “up to N% off” worked out from the real prices; a typed one may not match them.',
  },
  campaigns: {
    progressPaid: '{{paid}} paid / minimum order {{moq}}', progressOver: ' ({{n}} over)', progressPending: '{{n}} more awaiting payment',
    progressLegend: 'Units paid / minimum order quantity (MOQ). Units awaiting payment count once paid; units above the minimum are produced as well.',
  },
});

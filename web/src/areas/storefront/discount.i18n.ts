// The storefront's words for an event's discount badge, merged under storefront.*: worked out
// from the shop's own prices (format.ts deepestDiscount), never typed into a title.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', { upTo: '低至{{zhe}}折', upToHint: '按本店售价与吊牌价计算' }, { upTo: 'Up to {{off}}% off', upToHint: 'Worked out from this shop’s prices and the tag prices' });

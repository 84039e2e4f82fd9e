// The storefront's words for an item the platform took off sale (下架), merged under storefront.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  pulled: '已下架',
  pulledLine: '「{{item}}」已下架，请删除后再提交',
}, {
  pulled: 'Removed from sale',
  pulledLine: '"{{item}}" has been removed from sale — remove it, then try again',
});

// The storefront's words for an item the platform took off sale (下架) and for a shop the platform
// paused, merged under storefront.*.
import { addAreaStrings } from '../../lib/i18n-area.ts';

addAreaStrings('storefront', {
  pulled: '已下架',
  pulledLine: '「{{item}}」已下架，请删除后再提交',
  pausedTitle: '店铺暂停营业',
  pausedBody: '这家店铺暂时不接受下单。已付款的订单照常发货，可以在订单页查看进度。',
}, {
  pulled: 'Removed from sale',
  pulledLine: '"{{item}}" has been removed from sale — remove it, then try again',
  pausedTitle: 'This shop is paused',
  pausedBody: 'The shop is not taking orders for now. Orders already paid for go ahead as usual; their pages show how they are doing.',
});

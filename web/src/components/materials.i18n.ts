// Strings of brand material on an event and buyers' photos (merged under materials.*).
import { addAreaStrings } from '../lib/i18n-area.ts';

addAreaStrings('materials', {
  title: '品牌资质与素材', hint: '上传后，所有在卖这场的代购都能看到并转发给顾客，作为正品证明', none: '还没有上传素材',
  kinds: { authorisation: '品牌授权书', quality_report: '质检报告', photo: '实拍图', other: '其他' },
  kind: '类型', name: '名称', file: '图片', add: '上传', adding: '正在上传…', added: '已上传', remove: '删除', removed: '已删除', nameRequired: '请填写名称（40 字以内）', fileRequired: '请选择一张图片',
  proof: '品牌资质', proofHint: '品牌方提供，可转发给顾客作为正品证明', buyerShow: '买家秀', buyerShowHint: '你的顾客签收后晒的图，可直接转发', noBuyerShow: '还没有顾客晒单',
  shareTitle: '晒单', shareHint: '收到货啦？上传几张实拍，帮店主让更多人放心买（最多 6 张）', shareNote: '说点什么（选填）', shareSubmit: '上传晒单', shared: '晒单已上传，谢谢你！', shareMore: '再传几张',
}, {
  title: 'Brand proof and material', hint: 'Every reseller selling this event sees these and can forward them to customers as proof', none: 'Nothing uploaded yet',
  kinds: { authorisation: 'Authorisation letter', quality_report: 'Quality report', photo: 'Real photo', other: 'Other' },
  kind: 'Kind', name: 'Name', file: 'Image', add: 'Upload', adding: 'Uploading…', added: 'Uploaded', remove: 'Remove', removed: 'Removed', nameRequired: 'Give it a name (up to 40 characters)', fileRequired: 'Choose an image',
  proof: 'Brand proof', proofHint: 'From the brand: forward them to customers as proof', buyerShow: 'Buyer photos', buyerShowHint: 'Photos your customers took of what they received; forward them as they are', noBuyerShow: 'No buyer photos yet',
  shareTitle: 'Share your photos', shareHint: 'Got it? Add a few photos to help others buy with confidence (up to 6)', shareNote: 'Say something (optional)', shareSubmit: 'Upload photos', shared: 'Thank you — your photos are up!', shareMore: 'Add more',
});

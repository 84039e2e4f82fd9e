export { shareLinkFor, myShareLinks, shareLinkOf, recordView, flushViews, linkVisitorToConsumer, visitorFeed, bindingOf, bindOnPaid, myBindings, type ShareLinkView, type ViewRecord, type VisitorRow } from './sharing.service.ts';
export { attributeStorefrontOrder, bindingAfterPaid, CHANNELS, TARGETS, VIEW_PAGES, type Attribution, type AttributionRule, type BindingNow, type BindingChange, type Channel, type LinkTarget, type ViewPage } from './sharing.rules.ts';
export { customerTags, DEFAULT_TAG_RULES, TAG_CODES, type CustomerTags, type PurchaseLine, type Tag, type TagRules } from './customer-tags.rules.ts';
export { myBuyers, type Buyer } from './buyers.service.ts';
export { materialsOf, addMaterial, removeMaterial, photosOfOrder, addOrderPhotos, myBuyerPhotos, MATERIAL_KINDS, MAX_MATERIALS, MAX_ORDER_PHOTOS, type MaterialKind, type MaterialView, type OrderPhotoView } from './materials.service.ts';
export { bindOnPaidCte, bindingsJsonSql, bindingsFromJson, shareLinkOwnersSql, type BindingsJson } from './sharing.bulk.ts';

export { listDivisions, readPastedAddress, rememberAddress, savedAddresses, forgetAddress, SAVED_PER_PHONE, type OrderProof, type SavedAddressView, type ReadAddress, type AddressIssue } from './addresses.service.ts';
export type { Division } from './divisions.rules.ts';

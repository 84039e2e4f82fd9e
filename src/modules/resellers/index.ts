export { activeReseller, enrolReseller, getReseller, listResellers, resellerByShareCode, setResellerStatus, addCustomer, getCustomer, listCustomers, updateCustomer, deleteCustomer, type ResellerView, type CustomerView, type CustomerInput, type Level } from './resellers.service.ts';
export { disabledResellersSql, noneDisabledSql, lockResellersSharedSql } from './resellers.bulk.ts';

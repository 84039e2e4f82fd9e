export {
  insertOffer, offersBy, offerStats, insertGroup, takeSeat, insertMember, groupById, groupsBy, membersOf, memberByOrder, moveMember, setGroupCounters,
  type OfferRow, type GroupRow, type MemberRow,
} from './group-buys.service.ts';
export { validateOffer, nextGroupStatus, holdsSeat, maskPhone, slotsLeft, type GroupStatus, type MemberStatus } from './group-buys.rules.ts';

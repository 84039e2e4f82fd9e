// Announcements that a sale event changed, for this process's short-lived copies of it (the
// storefront's page cache, the posters' showcase): modules announce once their change is
// committed, flows listen, and the next request builds afresh instead of serving the old copy for
// the rest of its second. In-process only: another process's copies live out their freshness.
type Listener = (saleEventId: string) => void;
const listeners = new Set<Listener>();

export function onSaleEventChanged(listener: Listener): void {
  listeners.add(listener);
}

/** Call after the change is committed (a copy rebuilt before the commit would hold the old event again). */
export function saleEventChanged(saleEventId: string): void {
  for (const l of listeners) l(saleEventId);
}

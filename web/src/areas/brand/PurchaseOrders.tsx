// Brand portal: purchase orders (采购单) — what the platform asks the brand to ship after an event,
// a page at a time; one opens with its lines, a ship date to confirm (today or later, Beijing
// time), the CSV to export, and once received what was short or over. A drop-ship purchase order
// is shipped by the brand itself, order by order, each getting its waybill.
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from '../../lib/api.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { fmtDate, fmtDateTime, fmtDay, useEvents, useSkuIndex, type Order, type Page } from './data.ts';
import { LoadMore, StatusTag } from './parts.tsx';
import './purchase-orders.i18n.ts';

type PoStatus = 'issued' | 'confirmed' | 'receiving' | 'received' | 'shipped';
const PO_STATUSES: PoStatus[] = ['issued', 'confirmed', 'receiving', 'received', 'shipped'];
interface PurchaseOrder {
  id: string; poNo: string; brandId: string; saleEventId: string; wave: number; mode: 'warehouse' | 'drop_ship'; status: PoStatus;
  shipDate: string | null; units: number; confirmedAt: string | null; receivedAt: string | null; createdAt: string;
}
interface PoView extends PurchaseOrder { lines: { id: string; skuId: string; barcode: string; bin: string; ordered: number; received: number; damaged: number; short: number; over: number }[] }
interface Parcel { id: string; parcelNo: string; carrier: string | null; waybillNo: string | null; items: number; status: string }

const PO_TAG: Record<PoStatus, string> = { issued: 'scheduled', confirmed: 'draft', receiving: 'live', received: 'paid', shipped: 'shipped' };
/** Orders the brand may still ship itself on a drop-ship purchase order. */
const SHIPPABLE = new Set(['paid', 'partially_shipped']);

/** Today in Beijing, as yyyy-mm-dd: the earliest ship date the platform takes. */
const beijingToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function PoTag({ status }: { status: PoStatus }) {
  const { t } = useTranslation();
  return <span className={`tag tag-${PO_TAG[status]}`} data-testid="po-status" data-status={status}>{t(`brand.po.status.${status}`)}</span>;
}

export function PurchaseOrderList({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState('');
  const [eventId, setEventId] = useState('');
  const events = useEvents(brandId);
  const q = useInfiniteQuery({
    queryKey: ['brand', brandId, 'purchase-orders', status, eventId],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const p = new URLSearchParams({ limit: '30' });
      if (status) p.set('status', status);
      if (eventId) p.set('saleEventId', eventId);
      if (pageParam) p.set('cursor', pageParam);
      return get<Page<PurchaseOrder>>(`/purchase-orders?${p}`, signal);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const title = useMemo(() => new Map((events.data ?? []).map((e) => [e.id, e.title])), [events.data]);
  return (
    <>
      <div className="page-head">
        <h1>{t('brand.po.heading')}</h1>
        <label className="bp-inline">{t('brand.po.statusLabel')}
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="po-status-filter">
            <option value="">{t('brand.po.all')}</option>
            {PO_STATUSES.map((s) => <option key={s} value={s}>{t(`brand.po.status.${s}`)}</option>)}
          </select>
        </label>
        <label className="bp-inline">{t('brand.po.event')}
          <select value={eventId} onChange={(e) => setEventId(e.target.value)} data-testid="po-event-filter">
            <option value="">{t('brand.orders.allEvents')}</option>
            {(events.data ?? []).map((e) => <option key={e.id} value={e.id}>{e.title}</option>)}
          </select>
        </label>
      </div>
      <p className="bp-callout">{t('brand.po.explain')}</p>
      <section className="card bp-flush">
        {q.isPending ? <Loading /> : q.error && !q.data ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('brand.po.none')}</Empty> : (
          <>
            <table className="table bp-clickable" data-testid="po-list">
              <thead><tr>
                <th>{t('brand.po.poNo')}</th><th>{t('brand.po.event')}</th><th>{t('brand.po.mode')}</th><th className="num">{t('brand.po.units')}</th>
                <th>{t('brand.po.shipDate')}</th><th>{t('brand.po.issuedAt')}</th><th>{t('brand.po.statusLabel')}</th>
              </tr></thead>
              <tbody>
                {items.map((p) => (
                  <tr key={p.id} data-testid="po-row" data-id={p.id} onClick={() => navigate(`/brand/purchase-orders/${p.id}`)}>
                    <td><Link to={`/brand/purchase-orders/${p.id}`} onClick={(e) => e.stopPropagation()}><code className="bp-id">{p.poNo}</code></Link></td>
                    <td>{title.get(p.saleEventId) ?? '…'}<div className="hint">{t('brand.po.waveN', { n: p.wave })}</div></td>
                    <td>{t(`brand.po.modes.${p.mode}`)}</td>
                    <td className="num">{p.units}</td>
                    <td className="bp-nowrap">{p.shipDate ? fmtDay(p.shipDate, i18n.language) : <span className="bp-warn-text">{t('brand.po.toConfirm')}</span>}</td>
                    <td className="bp-nowrap">{fmtDateTime(p.createdAt, i18n.language)}</td>
                    <td><PoTag status={p.status} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <LoadMore hasMore={q.hasNextPage} loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()} shown={t('brand.po.shown', { count: items.length })} />
          </>
        )}
      </section>
    </>
  );
}

function ConfirmShipDate({ po, brandId }: { po: PoView; brandId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const today = beijingToday();
  const [date, setDate] = useState(po.shipDate && po.shipDate >= today ? po.shipDate : '');
  const [error, setError] = useState('');
  const m = useMutation({
    mutationFn: () => post<PoView>(`/purchase-orders/${po.id}/confirm`, { shipDate: date }),
    onSuccess: (p) => { qc.setQueryData(['brand', brandId, 'purchase-order', po.id], p); void qc.invalidateQueries({ queryKey: ['brand', brandId, 'purchase-orders'] }); },
    onError: (e) => setError(e instanceof ApiError && e.errors.some((x) => x.path.endsWith('shipDate')) ? t('brand.po.notPast') : ''),
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    if (!date) { setError(t('brand.po.dateRequired')); return; }
    if (date < today) { setError(t('brand.po.notPast')); return; }
    setError('');
    m.mutate();
  };
  return (
    <form className="card bp-confirm" onSubmit={submit} noValidate data-testid="confirm-form" aria-labelledby="confirm-h">
      <h2 id="confirm-h">{po.shipDate ? t('brand.po.changeTitle') : t('brand.po.confirmTitle')}</h2>
      <p className="muted">{t(po.mode === 'drop_ship' ? 'brand.po.confirmHintDrop' : 'brand.po.confirmHint')}</p>
      <div className="row">
        <label className="bp-inline">{t('brand.po.shipDate')}
          <input type="date" value={date} min={today} onChange={(e) => { setDate(e.target.value); setError(''); }} aria-invalid={Boolean(error)} aria-describedby={error ? 'ship-date-err' : undefined} data-testid="ship-date" />
        </label>
        <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="confirm-ship-date">{m.isPending ? t('brand.po.saving') : t('brand.po.confirm')}</button>
        {m.isSuccess && <span className="bp-ok-text" role="status" data-testid="confirmed">{t('brand.po.confirmed', { date: fmtDay(m.data.shipDate ?? '', i18n.language) })}</span>}
      </div>
      {error && <span id="ship-date-err" className="field-error">{error}</span>}
      {m.error && !error ? <ErrorState error={m.error} /> : null}
    </form>
  );
}

/** Drop-ship: the event's orders holding the brand's goods, each shipped by the brand with a waybill. */
function DropShipOrders({ po, brandId, describe }: { po: PoView; brandId: string; describe: (skuId: string) => string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['brand', brandId, 'drop-ship-orders', po.saleEventId],
    queryFn: ({ signal }) => get<Page<Order>>(`/orders?saleEventId=${po.saleEventId}&limit=200`, signal),
  });
  const [shipped, setShipped] = useState<Record<string, Parcel>>({});
  const [failed, setFailed] = useState<Record<string, unknown>>({});
  const ship = useMutation({
    mutationFn: (orderId: string) => post<Parcel>(`/purchase-orders/${po.id}/drop-ship`, { orderId }),
    onSuccess: (p, orderId) => { setShipped((s) => ({ ...s, [orderId]: p })); void qc.invalidateQueries({ queryKey: ['brand', brandId, 'drop-ship-orders'] }); },
    onError: (e, orderId) => setFailed((f) => ({ ...f, [orderId]: e })),
  });
  const orders = (q.data?.items ?? []).filter((o) => o.status !== 'pending_payment' && o.status !== 'expired');
  return (
    <section className="card bp-flush" aria-labelledby="drop-h" data-testid="drop-ship">
      <h2 id="drop-h" className="bp-card-title">{t('brand.po.dropTitle')}</h2>
      <p className="muted bp-pad">{t('brand.po.dropHint')}</p>
      <QueryView q={q}>
        {() => orders.length === 0 ? <Empty>{t('brand.po.dropNone')}</Empty> : (
          <table className="table">
            <thead><tr><th>{t('brand.orders.orderId')}</th><th>{t('brand.orders.paidAt')}</th><th>{t('brand.orders.lines')}</th><th>{t('brand.po.statusLabel')}</th><th>{t('brand.po.waybill')}</th></tr></thead>
            <tbody>
              {orders.map((o) => {
                const mine = o.lines.filter((l) => l.brandId === brandId && l.saleEventId === po.saleEventId);
                const done = shipped[o.id];
                return (
                  <tr key={o.id} data-testid="drop-order" data-order={o.id}>
                    <td><code className="bp-id">{o.orderNo}</code></td>
                    <td className="bp-nowrap">{o.paidAt ? fmtDateTime(o.paidAt, i18n.language) : '—'}</td>
                    <td><ul className="bp-lines">{mine.map((l) => <li key={l.id}>{describe(l.skuId)} <span className="muted">× {l.quantity}</span></li>)}</ul></td>
                    <td><StatusTag status={o.status} /></td>
                    <td>
                      {done ? <span data-testid="drop-waybill"><code>{done.waybillNo}</code> <span className="muted">{t(`brand.po.carrier.${done.carrier ?? ''}`, { defaultValue: done.carrier ?? '' })}</span></span>
                        : SHIPPABLE.has(o.status) ? (
                          <button type="button" className="btn btn-small btn-primary" disabled={ship.isPending} onClick={() => ship.mutate(o.id)} data-testid="drop-ship-order">{t('brand.po.shipOrder')}</button>
                        ) : <span className="muted">—</span>}
                      {failed[o.id] && !done ? <div className="field-error">{failed[o.id] instanceof ApiError ? (failed[o.id] as ApiError).title : t('common.unknownError')}</div> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}

export function PurchaseOrderDetail({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const { poId = '' } = useParams();
  const q = useQuery({ queryKey: ['brand', brandId, 'purchase-order', poId], queryFn: ({ signal }) => get<PoView>(`/purchase-orders/${poId}`, signal) });
  const events = useEvents(brandId);
  const skus = useSkuIndex(brandId);
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const describe = (skuId: string) => { const hit = skus.data?.get(skuId); return hit ? `${hit.product.name} · ${hit.sku.colour} / ${hit.sku.size}` : skuId; };
  return (
    <QueryView q={q}>
      {(po) => {
        const received = po.status === 'received' || (po.status === 'shipped' && po.mode === 'warehouse');
        const event = events.data?.find((e) => e.id === po.saleEventId);
        const total = (f: (l: PoView['lines'][number]) => number) => po.lines.reduce((a, l) => a + f(l), 0);
        const short = total((l) => l.short), over = total((l) => l.over);
        return (
          <>
            <div className="page-head bp-title-row">
              <Link to="/brand/purchase-orders" className="btn btn-ghost btn-small bp-back">‹ {t('brand.po.back')}</Link>
              <h1><code data-testid="po-title">{po.poNo}</code></h1>
              <PoTag status={po.status} />
              <span className="spacer" />
              <a className="btn" href={`/api/v1/purchase-orders/${po.id}/export.csv?lang=${lang}`} download data-testid="po-export">{t('brand.po.exportCsv')}</a>
            </div>
            <section className="card">
              <dl className="bp-dl">
                <dt>{t('brand.po.event')}</dt><dd>{event ? <Link to={`/brand/events/${event.id}`}>{event.title}</Link> : '…'} · {t('brand.po.waveN', { n: po.wave })}</dd>
                <dt>{t('brand.po.mode')}</dt><dd>{t(`brand.po.modes.${po.mode}`)}</dd>
                <dt>{t('brand.po.units')}</dt><dd>{po.units}</dd>
                <dt>{t('brand.po.issuedAt')}</dt><dd>{fmtDateTime(po.createdAt, i18n.language)}</dd>
                <dt>{t('brand.po.shipDate')}</dt><dd data-testid="po-ship-date" data-day={po.shipDate ?? undefined}>{po.shipDate ? fmtDay(po.shipDate, i18n.language) : <span className="bp-warn-text">{t('brand.po.toConfirm')}</span>}</dd>
                {po.receivedAt && <><dt>{t('brand.po.receivedAt')}</dt><dd>{fmtDate(po.receivedAt, i18n.language)}</dd></>}
              </dl>
              {po.mode === 'warehouse' && !received && <p className="muted">{t('brand.po.warehouseHint')}</p>}
            </section>
            {(po.status === 'issued' || po.status === 'confirmed') && <ConfirmShipDate po={po} brandId={brandId} />}
            {received && (
              <p className={short > 0 ? 'bp-notice' : 'bp-callout'} data-testid="po-received-summary">
                {t('brand.po.receivedSummary', { received: total((l) => Math.min(l.received, l.ordered)), ordered: po.units })}
                {short > 0 && ` ${t('brand.po.shortSummary', { count: short })}`}
                {over > 0 && ` ${t('brand.po.overSummary', { count: over })}`}
              </p>
            )}
            <section className="card bp-flush" aria-labelledby="po-lines-h">
              <h2 id="po-lines-h" className="bp-card-title">{t('brand.po.lines')}</h2>
              <table className="table" data-testid="po-lines">
                <thead><tr>
                  <th>{t('brand.orders.skuCode')}</th><th>{t('brand.orders.product')}</th><th>{t('brand.po.barcode')}</th><th className="num">{t('brand.po.ordered')}</th>
                  {received && <><th className="num">{t('brand.po.received')}</th><th className="num">{t('brand.po.damaged')}</th><th className="num">{t('brand.po.short')}</th><th className="num">{t('brand.po.over')}</th></>}
                </tr></thead>
                <tbody>
                  {po.lines.map((l) => {
                    const hit = skus.data?.get(l.skuId);
                    return (
                      <tr key={l.id} data-testid="po-line">
                        <td><code>{hit?.sku.skuCode ?? l.skuId}</code></td>
                        <td>{hit ? `${hit.product.name} · ${hit.sku.colour} / ${hit.sku.size}` : '…'}</td>
                        <td><code>{l.barcode}</code></td>
                        <td className="num"><strong>{l.ordered}</strong></td>
                        {received && <>
                          <td className="num">{l.received}</td><td className="num">{l.damaged}</td>
                          <td className={`num ${l.short > 0 ? 'bp-money' : ''}`} data-testid="line-short">{l.short}</td><td className="num" data-testid="line-over">{l.over}</td>
                        </>}
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot><tr className="bp-totals">
                  <th colSpan={3}>{t('brand.orders.total')}</th><th className="num">{total((l) => l.ordered)}</th>
                  {received && <><th className="num">{total((l) => l.received)}</th><th className="num">{total((l) => l.damaged)}</th><th className="num">{short}</th><th className="num">{over}</th></>}
                </tr></tfoot>
              </table>
            </section>
            {po.mode === 'drop_ship' && <DropShipOrders po={po} brandId={brandId} describe={describe} />}
          </>
        );
      }}
    </QueryView>
  );
}

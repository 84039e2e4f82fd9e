// 仓库 · 采购单: every brand's purchase orders by status, brand and event, a page at a time, and
// issuing the next wave of an event now (one purchase order per brand for the paid units not yet
// asked for; units are never asked twice).
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { BrandSelect, FormError, LoadMore, Modal, useBrands } from './ui.tsx';
import { brandLabel, fmtDate, fmtDateTime, qs, type Page } from './lib.ts';
import { PO_STATUSES, useSaleEvents, wk, type PoMode, type PurchaseOrder } from './warehouse.ts';
import { PoStatusTag } from './WarehouseParts.tsx';
import './warehouse.i18n.ts';
import './warehouse.css';

/** Events a purchase order can be issued for: selling now or ended (paid units to ask for). */
const ISSUABLE = new Set(['live', 'ended', 'closed']);

function IssueDialog({ onClose, initialEvent }: { onClose: () => void; initialEvent: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const events = useSaleEvents();
  const brands = useBrands();
  const [eventId, setEventId] = useState(initialEvent);
  const [mode, setMode] = useState<PoMode>('warehouse');
  const [missing, setMissing] = useState(false);
  const m = useMutation({
    mutationFn: () => post<{ items: PurchaseOrder[] }>('/purchase-orders/issue', { saleEventId: eventId, mode }),
    onSuccess: () => qc.invalidateQueries({ queryKey: wk.pos }),
  });
  const choices = (events.data ?? []).filter((e) => ISSUABLE.has(e.status));
  const brandOf = (id: string) => { const b = brands.data?.find((x) => x.id === id); return b ? brandLabel(b) : id; };
  return (
    <Modal title={t('console.wh.issue.title')} onClose={onClose} testId="issue-dialog">
      {m.data ? (
        <div className="stack" data-testid="issue-result">
          {m.data.items.length === 0
            ? <p className="notice" data-testid="issue-nothing">{t('console.wh.issue.nothing')}</p>
            : <>
              <p>{t('console.wh.issue.done', { count: m.data.items.length })}</p>
              <ul className="wh-plain">
                {m.data.items.map((p) => (
                  <li key={p.id}><Link to={`/console/warehouse/purchase-orders/${p.id}`} className="mono" data-testid="issued-po">{p.poNo}</Link> · {brandOf(p.brandId)} · {t('console.wh.unitsN', { count: p.units })}</li>
                ))}
              </ul>
            </>}
          <div className="row end"><button type="button" className="btn btn-primary" onClick={onClose}>{t('common.close')}</button></div>
        </div>
      ) : (
        <form className="stack" noValidate onSubmit={(e) => { e.preventDefault(); if (!eventId) { setMissing(true); return; } m.mutate(); }}>
          <p className="hint">{t('console.wh.issue.hint')}</p>
          <label>{t('console.wh.event')}
            <select value={eventId} onChange={(e) => { setEventId(e.target.value); setMissing(false); }} aria-invalid={missing} data-testid="issue-event" disabled={events.isPending}>
              <option value="">{events.isPending ? t('common.loading') : t('console.wh.issue.chooseEvent')}</option>
              {choices.map((e) => <option key={e.id} value={e.id}>{e.title} · {t(`status.${e.status}`)} · {brandOf(e.brandId)}</option>)}
            </select>
          </label>
          {missing && <span className="field-error">{t('console.wh.issue.chooseEvent')}</span>}
          <fieldset>
            <legend>{t('console.wh.issue.mode')}</legend>
            <div className="stack">
              {(['warehouse', 'drop_ship'] as const).map((x) => (
                <label key={x} className="check"><input type="radio" name="mode" value={x} checked={mode === x} onChange={() => setMode(x)} data-testid={`issue-mode-${x}`} />
                  <span><strong>{t(`console.wh.mode.${x}`)}</strong> <span className="muted small">{t(`console.wh.issue.modeHint.${x}`)}</span></span>
                </label>
              ))}
            </div>
          </fieldset>
          <FormError error={m.error} />
          <div className="row end">
            <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
            <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="issue-submit">{m.isPending ? t('console.common.saving') : t('console.wh.issue.submit')}</button>
          </div>
        </form>
      )}
    </Modal>
  );
}

export default function PurchaseOrders() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const brandId = params.get('brandId') ?? '';
  const saleEventId = params.get('saleEventId') ?? '';
  const [issuing, setIssuing] = useState(false);
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  const brands = useBrands();
  const events = useSaleEvents();
  const q = useInfiniteQuery({
    queryKey: [...wk.pos, status, brandId, saleEventId],
    queryFn: ({ pageParam, signal }) => get<Page<PurchaseOrder>>(`/purchase-orders${qs({ status, brandId, saleEventId, cursor: pageParam, limit: 30 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const eventTitle = new Map((events.data ?? []).map((e) => [e.id, e.title]));
  const brandName = (id: string) => { const b = brands.data?.find((x) => x.id === id); return b ? brandLabel(b) : '…'; };
  const eventChoices = (events.data ?? []).filter((e) => (!brandId || e.brandId === brandId) && ISSUABLE.has(e.status));
  return (
    <>
      <div className="page-head">
        <h1>{t('console.wh.pos.title')}</h1>
        <button type="button" className="btn btn-primary" onClick={() => setIssuing(true)} data-testid="issue-open">{t('console.wh.issue.open')}</button>
      </div>
      <p className="hint">{t('console.wh.pos.subtitle')}</p>
      <div className="card filters" data-testid="po-filters">
        <label>{t('console.common.status')}
          <select value={status} onChange={(e) => update({ status: e.target.value })} data-testid="po-status-filter">
            <option value="">{t('console.common.all')}</option>
            {PO_STATUSES.map((s) => <option key={s} value={s}>{t(`console.wh.poStatus.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('console.common.brand')}
          <BrandSelect allowAll value={brandId} onChange={(v) => update({ brandId: v, saleEventId: null })} testId="po-brand-filter" />
        </label>
        <label className="grow">{t('console.wh.event')}
          <select value={saleEventId} onChange={(e) => update({ saleEventId: e.target.value })} data-testid="po-event-filter">
            <option value="">{t('console.wh.allEvents')}</option>
            {saleEventId && !eventChoices.some((e) => e.id === saleEventId) && <option value={saleEventId}>{eventTitle.get(saleEventId) ?? saleEventId}</option>}
            {eventChoices.map((e) => <option key={e.id} value={e.id}>{e.title}</option>)}
          </select>
        </label>
        {(status || brandId || saleEventId) && <button type="button" className="btn btn-ghost" onClick={() => update({ status: null, brandId: null, saleEventId: null })}>{t('console.common.reset')}</button>}
      </div>
      <section className="card flush" data-testid="po-list">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0
          ? <Empty>{status || brandId || saleEventId ? t('console.common.noMatch') : t('console.wh.pos.none')}</Empty> : (
            <>
              <table className="table clickable wh-table">
                <thead><tr>
                  <th>{t('console.wh.poNo')}</th><th>{t('console.common.brand')}</th><th>{t('console.wh.event')}</th><th>{t('console.wh.mode.label')}</th>
                  <th className="num">{t('console.wh.units')}</th><th>{t('console.wh.shipDate')}</th><th>{t('console.wh.createdAt')}</th><th>{t('console.common.status')}</th>
                </tr></thead>
                <tbody>
                  {items.map((p) => (
                    <tr key={p.id} data-testid="po-row" data-id={p.id} data-status={p.status} data-event={p.saleEventId} onClick={() => navigate(`/console/warehouse/purchase-orders/${p.id}`)}>
                      <td><Link to={`/console/warehouse/purchase-orders/${p.id}`} className="mono" onClick={(e) => e.stopPropagation()} data-testid="po-no">{p.poNo}</Link></td>
                      <td>{brandName(p.brandId)}</td>
                      <td>{eventTitle.get(p.saleEventId) ?? '…'}<div className="muted small">{t('console.wh.waveN', { n: p.wave })}</div></td>
                      <td>{t(`console.wh.mode.${p.mode}`)}</td>
                      <td className="num">{p.units}</td>
                      <td className="nowrap">{p.shipDate ?? <span className="muted">{t('console.wh.notConfirmed')}</span>}</td>
                      <td className="nowrap">{fmtDateTime(p.createdAt)}</td>
                      <td><PoStatusTag status={p.status} />{p.receivedAt && <div className="muted small">{fmtDate(p.receivedAt)}</div>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore q={q} count={items.length} testId="po-more" />
            </>
          )}
      </section>
      {issuing && <IssueDialog initialEvent={saleEventId} onClose={() => setIssuing(false)} />}
    </>
  );
}

// 售后 · 售后单详情: one request with its order, lines, reason, note and photos; the review
// (approve — a return waybill, or the refund for refund-only — or reject with a reason the
// consumer and reseller see); and for a return that reached the warehouse, the inspection, which
// says before it is sent what will be refunded and what goes back to the consumer.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { maskPhone } from '../../lib/phone.ts';
import { placeText, type ReturnRequest } from '../../lib/returns.ts';
import { OPERATOR_PRESETS, reasonChips, reasonText } from '../../lib/reasons.ts';
import { ReturnStatusTag } from '../../components/returns/ReturnCard.tsx';
import { QueryView } from '../../components/states.tsx';
import { FormError, ReasonChips } from './ui.tsx';
import { fmtDateTime, type Order, type OrderLine } from './lib.ts';
import { rk } from './Returns.tsx';
import './aftersales.i18n.ts';
import './aftersales.css';

/**
 * What the payer paid per unit of a line, about: the line's price (the consumer's selling price
 * on a storefront order, the base price the reseller paid on theirs) scaled by what the order
 * came to after discounts. The refund itself is the ledger's, to the fen.
 */
export function unitPaid(o: Order, l: OrderLine): number {
  const priceOf = (x: OrderLine) => (o.kind === 'storefront' ? x.sellingPrice : x.basePrice) ?? 0;
  const gross = o.lines.reduce((a, x) => a + priceOf(x) * x.quantity, 0);
  const due = o.amountDue ?? gross;
  return gross > 0 ? Math.floor((priceOf(l) * due) / gross) : 0;
}

function Review({ r, order, onDone }: { r: ReturnRequest; order: Order | undefined; onDone: (r: ReturnRequest) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  // The chips and an empty approval send codes, so the consumer and the reseller read them in their own language.
  const { chips, sent } = reasonChips(t, OPERATOR_PRESETS.returnDecision);
  const m = useMutation({
    mutationFn: (approve: boolean) => post<ReturnRequest>(`/returns/${r.id}/${approve ? 'approve' : 'reject'}`, { reason: sent(reason) || 'within_policy' }),
    onSuccess: onDone,
  });
  const lineOf = (id: string) => order?.lines.find((l) => l.id === id);
  const units = r.lines.reduce((a, l) => a + l.quantity, 0);
  const amount = order ? r.lines.reduce((a, l) => { const ol = lineOf(l.orderLineId); return a + (ol ? unitPaid(order, ol) * l.quantity : 0); }, 0) : null;
  return (
    <section className="card stack" aria-labelledby="review-h" data-testid="review">
      <h2 id="review-h">{t('console.ret.decide.title')}</h2>
      <p className="hint">{t('console.ret.decide.hint')}</p>
      {r.kind === 'refund_only' && amount !== null && <p className="notice">{t('console.ret.decide.refundOnly', { amount: yuan(amount), units })}</p>}
      <ReasonChips chips={chips} value={reason} onPick={(words) => { setReason(words); setMissing(false); }} label={t('console.ret.decide.presets')} />
      <label>{t('console.ret.decide.reason')}
        <textarea rows={2} maxLength={200} value={reason} onChange={(e) => { setReason(e.target.value); setMissing(false); }} placeholder={t('console.ret.decide.placeholder')} aria-invalid={missing} data-testid="decision-reason" />
      </label>
      {missing && <span className="field-error" role="alert">{t('console.ret.decide.reasonRequired')}</span>}
      <FormError error={m.error} />
      <div className="row end">
        <button type="button" className="btn btn-danger" disabled={m.isPending} onClick={() => { if (!reason.trim()) { setMissing(true); return; } m.mutate(false); }} data-testid="reject">{t('console.ret.decide.reject')}</button>
        <button type="button" className="btn btn-primary" disabled={m.isPending} onClick={() => m.mutate(true)} data-testid="approve">
          {r.kind === 'refund_only' && amount !== null ? t('console.ret.decide.approveRefund', { amount: yuan(amount) }) : t('console.ret.decide.approve')}
        </button>
      </div>
    </section>
  );
}

function Inspection({ r, order, onDone }: { r: ReturnRequest; order: Order | undefined; onDone: (r: ReturnRequest) => void }) {
  const { t } = useTranslation();
  const [accepted, setAccepted] = useState<Record<string, number>>(() => Object.fromEntries(r.lines.map((l) => [l.orderLineId, l.quantity])));
  const [note, setNote] = useState('');
  const [noteMissing, setNoteMissing] = useState(false);
  const m = useMutation({
    mutationFn: () => post<ReturnRequest>(`/returns/${r.id}/inspect`, { accepted: r.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: accepted[l.orderLineId] ?? 0 })), note: note.trim() }),
    onSuccess: onDone,
  });
  const lineOf = (id: string) => order?.lines.find((l) => l.id === id);
  const units = r.lines.reduce((a, l) => a + (accepted[l.orderLineId] ?? 0), 0);
  const asked = r.lines.reduce((a, l) => a + l.quantity, 0);
  const amount = order ? r.lines.reduce((a, l) => { const ol = lineOf(l.orderLineId); return a + (ol ? unitPaid(order, ol) * (accepted[l.orderLineId] ?? 0) : 0); }, 0) : 0;
  return (
    <section className="card stack" aria-labelledby="inspect-h" data-testid="inspection">
      <h2 id="inspect-h">{t('console.ret.inspect.title')}</h2>
      <p className="hint">{t('console.ret.inspect.hint')}</p>
      {r.status !== 'received' && <p className="notice">{t('console.ret.inspect.early')}</p>}
      <table className="table">
        <thead><tr><th>{t('console.ret.product')}</th><th className="num">{t('console.ret.asked')}</th><th>{t('console.ret.accepted')}</th></tr></thead>
        <tbody>
          {r.lines.map((l) => {
            const ol = lineOf(l.orderLineId);
            return (
              <tr key={l.orderLineId} data-testid="inspect-line" data-line={l.orderLineId}>
                <td>{ol ? <><div className="strong">{ol.productName}</div><div className="muted small">{ol.colour} / {ol.size}</div></> : <span className="mono">{l.skuId}</span>}</td>
                <td className="num">{l.quantity}</td>
                <td>
                  <input type="number" min={0} max={l.quantity} step={1} className="ret-accept" value={accepted[l.orderLineId] ?? 0}
                    aria-label={t('console.ret.inspect.acceptedOf', { n: l.quantity })} data-testid="inspect-accepted"
                    onChange={(e) => { const n = Math.max(0, Math.min(l.quantity, Math.floor(Number(e.target.value) || 0))); setAccepted((a) => ({ ...a, [l.orderLineId]: n })); }} />
                  <span className="muted small"> / {l.quantity}</span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <label>{t('console.ret.inspect.note')}
        <textarea rows={2} maxLength={500} value={note} onChange={(e) => { setNote(e.target.value); setNoteMissing(false); }} placeholder={t('console.ret.inspect.notePlaceholder')} aria-invalid={noteMissing} data-testid="inspect-note" />
      </label>
      {noteMissing && <span className="field-error" role="alert">{t('console.ret.inspect.noteRequired')}</span>}
      <div className={units > 0 ? 'ret-ok' : 'notice'} role="status" data-testid="inspect-summary">
        {units > 0 ? t('console.ret.inspect.willRefund', { units, amount: yuan(amount) }) : t('console.ret.inspect.willReject')}
        {units > 0 && units < asked && <> {t('console.ret.inspect.sendBack', { n: asked - units })}</>}
      </div>
      <FormError error={m.error} />
      <div className="row end">
        <button type="button" className={`btn ${units > 0 ? 'btn-primary' : 'btn-danger'}`} disabled={m.isPending} data-testid="inspect-submit"
          onClick={() => { if (units === 0 && !note.trim()) { setNoteMissing(true); return; } m.mutate(); }}>
          {units > 0 ? t('console.ret.inspect.submitRefund') : t('console.ret.inspect.submitReject')}
        </button>
      </div>
    </section>
  );
}

export default function ReturnPage() {
  const { t } = useTranslation();
  const { returnId = '' } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: rk.one(returnId), queryFn: ({ signal }) => get<ReturnRequest>(`/returns/${returnId}`, signal) });
  const orderId = q.data?.orderId;
  const order = useQuery({ queryKey: ['console', 'order', orderId], enabled: Boolean(orderId), queryFn: ({ signal }) => get<Order>(`/orders/${orderId}`, signal) });
  const [outcome, setOutcome] = useState<'decided' | 'inspected' | null>(null);
  const done = (kind: 'decided' | 'inspected') => (r: ReturnRequest) => {
    setOutcome(kind);
    qc.setQueryData(rk.one(returnId), r);
    void qc.invalidateQueries({ queryKey: rk.list });
    void qc.invalidateQueries({ queryKey: ['console', 'order', r.orderId] });
  };
  return (
    <QueryView q={q}>
      {(r) => {
        const o = order.data;
        const lineOf = (id: string) => o?.lines.find((l) => l.id === id);
        const place = r.returnAddress;
        return (
          <>
            <div className="page-head">
              <div className="title-group">
                <Link to="/console/returns" className="btn btn-ghost btn-small">‹ {t('console.ret.back')}</Link>
                <h1 className="mono" data-testid="return-title">{r.returnNo}</h1>
                <ReturnStatusTag r={r} />
                <span className="tag">{t(`returns.kind.${r.kind}`)}</span>
              </div>
            </div>
            {outcome && (
              <p className={r.status === 'rejected' ? 'notice' : 'ret-ok'} role="status" data-testid="return-outcome">
                {r.status === 'refunded' ? t(outcome === 'inspected' ? 'console.ret.inspect.done' : 'console.ret.decide.refunded', { amount: yuan(r.refunded) })
                  : r.status === 'rejected' ? t(outcome === 'inspected' ? 'console.ret.inspect.doneRejected' : 'console.ret.decide.rejected')
                    : t('console.ret.decide.approved')}
              </p>
            )}
            <div className="grid two ret-detail">
              <section className="card">
                <dl className="facts">
                  <dt>{t('console.ret.order')}</dt>
                  <dd>{o ? <Link to={`/console/orders?q=${encodeURIComponent(o.orderNo)}&order=${o.id}`} className="mono" data-testid="return-order">{o.orderNo}</Link> : <span className="mono">{r.orderId}</span>}
                    {o && <span className="muted"> · {t(`status.${o.status}`, { defaultValue: o.status })}</span>}</dd>
                  {o?.consumer && <><dt>{t('console.ret.consumer')}</dt><dd>{o.consumer.name} <span className="muted">{maskPhone(o.consumer.phone)}</span></dd></>}
                  <dt>{t('console.ret.by')}</dt><dd>{t(`returns.by.${r.requestedBy}`)}</dd>
                  <dt>{t('console.ret.createdAt')}</dt><dd>{fmtDateTime(r.createdAt)}</dd>
                  <dt>{t('console.ret.reason')}</dt><dd data-testid="return-reason">{t(`returns.reason.${r.reasonCode}`)}</dd>
                  {r.note && <><dt>{t('console.ret.note')}</dt><dd data-testid="return-note">{r.note}</dd></>}
                  {r.decidedAt && <><dt>{t('console.ret.decidedAt')}</dt><dd>{fmtDateTime(r.decidedAt)}</dd></>}
                  {r.decisionReason && <><dt>{t('console.ret.decision')}</dt><dd data-testid="return-decision">{reasonText(t, r.decisionReason)}</dd></>}
                  {r.returnWaybillNo && <><dt>{t('console.ret.returnWaybill')}</dt><dd><span className="mono" data-testid="return-waybill">{r.returnWaybillNo}</span> {place && <span className="muted small">→ {place.name} · {placeText(place)}</span>}</dd></>}
                  {r.receivedAt && <><dt>{t('console.ret.receivedAt')}</dt><dd>{fmtDateTime(r.receivedAt)}</dd></>}
                  {r.inspectionNote && <><dt>{t('console.ret.inspection')}</dt><dd>{r.inspectionNote}</dd></>}
                  {r.status === 'refunded' && <><dt>{t('console.ret.refunded')}</dt><dd className="strong" data-testid="return-refunded">{yuan(r.refunded)}{r.refundedAt && <span className="muted small"> · {fmtDateTime(r.refundedAt)}</span>}</dd></>}
                </dl>
              </section>
              <section className="card" aria-labelledby="photos-h">
                <h2 id="photos-h">{t('console.ret.photos')}</h2>
                {r.photos.length === 0 ? <p className="muted">{t('console.ret.noPhotos')}</p> : (
                  <ul className="ret-console-photos" data-testid="return-photos">
                    {r.photos.map((p, i) => <li key={p}><a href={p} target="_blank" rel="noopener"><img src={p} alt={t('returns.photoN', { n: i + 1 })} /></a></li>)}
                  </ul>
                )}
              </section>
            </div>
            <section className="card flush" aria-labelledby="lines-h">
              <div className="card-head pad"><h2 id="lines-h">{t('console.ret.lines')}</h2></div>
              <table className="table" data-testid="return-lines">
                <thead><tr><th>{t('console.ret.product')}</th><th className="num">{t('console.ret.asked')}</th><th className="num">{t('console.ret.accepted')}</th><th className="num">{t('console.ret.unitPaid')}</th></tr></thead>
                <tbody>
                  {r.lines.map((l) => {
                    const ol = lineOf(l.orderLineId);
                    return (
                      <tr key={l.orderLineId} data-testid="return-line">
                        <td>{ol ? <><div className="strong">{ol.productName}</div><div className="muted small">{ol.colour} / {ol.size}</div></> : <span className="mono muted">{l.skuId}</span>}</td>
                        <td className="num">{l.quantity}</td>
                        <td className="num">{l.accepted ?? '—'}</td>
                        <td className="num">{o && ol ? yuan(unitPaid(o, ol)) : '…'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </section>
            {r.status === 'requested' && <Review r={r} order={o} onDone={done('decided')} />}
            {r.kind === 'return' && (r.status === 'received' || r.status === 'approved' || r.status === 'in_transit') && <Inspection r={r} order={o} onDone={done('inspected')} />}
          </>
        );
      }}
    </QueryView>
  );
}

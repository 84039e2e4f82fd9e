// A return request as the consumer and the reseller follow it: where it stands (requested →
// approved → sent back → received → refunded, or rejected with the reason), the return waybill to
// write on the parcel with the warehouse address, and the amount once refunded; and a request's
// status tag. Whoever may withdraw a request (the consumer, their reseller) gets 撤销申请 while it
// awaits a decision or, approved, before the goods were sent back.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { yuan } from '../../lib/money.ts';
import { phoneWhen } from '../../lib/device.ts';
import { CopyButton } from '../CopyButton.tsx';
import { reasonText } from '../../lib/reasons.ts';
import { placeText, returnProblem, WITHDRAWABLE_RETURN, type ReturnRequest, type ReturnStatus } from '../../lib/returns.ts';
import './returns.i18n.ts';
import './returns.css';

/** A request's state in words; an approved refund-only request is being refunded, not waiting for goods. */
export function returnStatusText(t: (k: string) => string, r: Pick<ReturnRequest, 'status' | 'kind'>): string {
  return r.kind === 'refund_only' && r.status === 'approved' ? t('returns.statusRefundOnly.approved') : t(`returns.status.${r.status}`);
}

export function ReturnStatusTag({ r }: { r: Pick<ReturnRequest, 'status' | 'kind'> }) {
  const { t } = useTranslation();
  return <span className={`tag ret-tag-${r.status}`} data-testid="return-status" data-status={r.status}>{returnStatusText(t, r)}</span>;
}

const RETURN_STEPS: ReturnStatus[] = ['requested', 'approved', 'in_transit', 'received', 'refunded'];
const REFUND_STEPS: ReturnStatus[] = ['requested', 'refunded'];

function Steps({ r }: { r: ReturnRequest }) {
  const { t } = useTranslation();
  const steps = r.kind === 'return' ? RETURN_STEPS : REFUND_STEPS;
  // An approved refund-only request is on its way to refunded.
  const at = steps.indexOf(r.status === 'approved' && r.kind === 'refund_only' ? 'requested' : r.status);
  return (
    <ol className="ret-steps" aria-label={t('returns.title')}>
      {steps.map((s, i) => (
        <li key={s} className={i < at ? 'done' : i === at ? 'current' : ''} aria-current={i === at ? 'step' : undefined}>
          <span className="ret-step-dot" aria-hidden />
          <span>{t(`returns.steps.${s}`)}</span>
        </li>
      ))}
    </ol>
  );
}

/** 撤销申请, asked once more before it is sent; the server's refusal said in the reader's words. */
function Withdraw({ withdraw }: { withdraw: () => Promise<unknown> }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await withdraw();
      setAsking(false);
    } catch (e) {
      setError(returnProblem(t, e)?.message ?? null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ret-withdraw" data-testid="return-withdraw">
      {asking ? (
        <>
          <p>{t('returns.card.withdrawConfirm')}</p>
          <div className="ret-withdraw-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void go()} data-testid="return-withdraw-yes">{busy ? t('returns.card.withdrawing') : t('returns.card.withdrawYes')}</button>
            <button type="button" className="btn" disabled={busy} onClick={() => setAsking(false)}>{t('returns.card.withdrawNo')}</button>
          </div>
        </>
      ) : (
        <button type="button" className="btn" onClick={() => setAsking(true)} data-testid="return-withdraw-open">{t('returns.card.withdraw')}</button>
      )}
      {error && <p className="ret-error" role="alert" data-testid="return-withdraw-error">{error}</p>}
    </div>
  );
}

/** `at`: how the area around it prints a time (the storefront's 12月8日 02:38 by default, the reseller app's own). */
export function ReturnCard({ r, lineName, withdraw, at = phoneWhen }: { r: ReturnRequest; lineName: (orderLineId: string) => string; withdraw?: (r: ReturnRequest) => Promise<unknown>; at?: (iso: string) => string }) {
  const { t } = useTranslation();
  const place = r.returnAddress;
  const closedBad = r.status === 'rejected' || r.status === 'cancelled';
  return (
    <article className="ret-card" data-testid="return-card" data-status={r.status} data-return={r.id}>
      <div className="ret-card-head">
        <strong>{t(`returns.kind.${r.kind}`)}</strong>
        <span className="ret-card-no">{t('returns.returnNo')} <span className="num" data-testid="return-no">{r.returnNo}</span></span>
        <ReturnStatusTag r={r} />
      </div>
      {!closedBad && <Steps r={r} />}
      <dl className="ret-facts">
        <div><dt>{t('returns.card.lines')}</dt><dd>
          <ul className="ret-plain">{r.lines.map((l) => (
            <li key={l.orderLineId}>{lineName(l.orderLineId)} {t('returns.card.units', { n: l.quantity })}{l.accepted !== null && r.kind === 'return' && <span className="ret-muted"> · {t('returns.card.accepted', { n: l.accepted })}</span>}</li>
          ))}</ul>
        </dd></div>
        <div><dt>{t('returns.reasonLabel')}</dt><dd>{t(`returns.reason.${r.reasonCode}`)}{r.note && <span className="ret-muted"> · {r.note}</span>}</dd></div>
        <div><dt>{t('returns.card.requestedAt')}</dt><dd>{at(r.createdAt)} · {t(`returns.by.${r.requestedBy}`)}</dd></div>
      </dl>
      {r.photos.length > 0 && (
        <ul className="ret-thumbs">{r.photos.map((p, i) => <li key={p}><a href={p} target="_blank" rel="noopener"><img src={p} alt={t('returns.photoN', { n: i + 1 })} loading="lazy" /></a></li>)}</ul>
      )}

      {r.status === 'requested' && <p className="ret-note">{t('returns.card.waitReview')}</p>}
      {r.status === 'approved' && r.kind === 'refund_only' && <p className="ret-note">{t('returns.card.refundOnlyApproved')}</p>}
      {(r.status === 'approved' || r.status === 'in_transit') && r.kind === 'return' && (
        <div className="ret-send" data-testid="return-send">
          {r.status === 'approved' ? <p>{t('returns.card.approvedReturn')}</p> : <p>{t('returns.card.inTransit')}</p>}
          {r.returnWaybillNo && (
            <div className="ret-waybill">
              <span className="ret-muted">{t('returns.card.waybill')}{r.returnCarrier ? ` · ${t(`returns.carrier.${r.returnCarrier}`, { defaultValue: r.returnCarrier })}` : ''}</span>
              <span className="ret-waybill-no num" data-testid="return-waybill">{r.returnWaybillNo}</span>
              <CopyButton text={r.returnWaybillNo} testId="copy-return-waybill" labels={{ copy: t('returns.card.copy'), copied: t('returns.card.copied'), failed: t('returns.card.copyFailed') }} />
            </div>
          )}
          {place && (
            <div className="ret-address" data-testid="return-address">
              <span className="ret-muted">{t('returns.card.sendTo')}</span>
              <span><strong>{place.name}</strong> <span className="num">{place.phone}</span></span>
              <span>{placeText(place)}</span>
            </div>
          )}
          {r.decisionReason && <p className="ret-muted">{t('returns.card.decision')}：{reasonText(t, r.decisionReason)}</p>}
        </div>
      )}
      {r.status === 'received' && <p className="ret-note">{t('returns.card.received')}</p>}
      {r.status === 'refunded' && (
        <div className="ret-refunded" data-testid="return-refunded">
          <strong data-testid="return-refunded-amount" data-amount={r.refunded}>{t('returns.card.refunded', { amount: yuan(r.refunded) })}</strong>
          <span className="ret-muted">{r.refundedAt ? at(r.refundedAt) : ''}</span>
          <p className="ret-muted">{t('returns.card.refundedHint')}</p>
          {r.inspectionNote && <p className="ret-muted">{t('returns.card.inspection')}：{r.inspectionNote}</p>}
        </div>
      )}
      {r.status === 'rejected' && (
        <div className="ret-rejected" data-testid="return-rejected">
          <strong>{t('returns.card.rejected')}</strong>
          {(r.inspectionNote ?? r.decisionReason) && <p data-testid="return-rejected-reason">{r.inspectionNote ?? reasonText(t, r.decisionReason)}</p>}
        </div>
      )}
      {r.status === 'cancelled' && <p className="ret-muted">{t('returns.card.cancelled')}</p>}
      {withdraw && WITHDRAWABLE_RETURN.includes(r.status) && <Withdraw withdraw={() => withdraw(r)} />}
    </article>
  );
}

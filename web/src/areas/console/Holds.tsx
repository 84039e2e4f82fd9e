// 占库存: the biggest holders of unpaid storefront orders right now — by phone, by network
// address, by reseller link — with the units and orders they hold and since when; releasing a
// holder's orders with a reason; and the log of who released what, and why.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { RELEASE_PRESETS, reasonChips, reasonText } from '../../lib/reasons.ts';
import { Empty, QueryView } from '../../components/states.tsx';
import { FormError, Modal, ReasonChips } from './ui.tsx';
import { fmtDateTime } from './lib.ts';
import './holds.i18n.ts';

type By = 'phone' | 'address' | 'link';
const BYS: By[] = ['phone', 'address', 'link'];

interface Policy { unitsPerPhoneSku: number; unitsPerPhone: number; ordersPerPhone: number; ordersPerAddress: number; ordersPerLink: number; windowMinutes: number; storefrontHoldMinutes: number; holdMinutes: number }
interface Holder { key: string; label: string; orders: number; units: number; since: string; until: string | null; phones: number; resellers: number }
interface Holders { by: By; totals: { orders: number; units: number }; policy: Policy; holders: Holder[] }
interface ReleaseBatch { batchId: string; actorKind: string; actorName: string | null; scope: string; subject: string; orderNo: string | null; reason: string; orders: number; units: number; createdAt: string }
interface Released { batchId: string | null; units: number; released: { orderId: string; units: number }[] }

const HOLDERS = (by: By) => ['console', 'holds', by] as const;
const LOG = ['console', 'holds', 'log'] as const;

function Ago({ iso }: { iso: string }) {
  const { t } = useTranslation();
  const m = Math.floor((Date.now() - Date.parse(iso)) / 60_000);
  return <span className="muted small">{m < 1 ? t('console.holds.agoJust') : t('console.holds.ago', { m })}</span>;
}

function ReleaseDialog({ by, holder, onClose, onDone }: { by: By; holder: Holder; onClose: () => void; onDone: (r: Released) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { chips: presets, sent } = reasonChips(t, RELEASE_PRESETS.console);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const trimmed = reason.trim();
  const invalid = !trimmed || trimmed.length > 200;
  const m = useMutation({
    mutationFn: () => post<Released>('/holds/release', { by, key: holder.key, reason: sent(trimmed) }),
    onSuccess: async (r) => {
      await Promise.all([qc.invalidateQueries({ queryKey: ['console', 'holds'] }), qc.invalidateQueries({ queryKey: ['console', 'orders'] })]);
      onDone(r);
    },
  });
  const name = by === 'address' ? holder.key : `${holder.label}${by === 'phone' ? ` ${holder.key}` : ''}`;
  return (
    <Modal title={t('console.holds.releaseTitle', { holder: name })} onClose={onClose} testId="release-dialog">
      <form className="stack" onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid) m.mutate(); }} noValidate>
        <p className="notice">{t('console.holds.releaseHint', { count: holder.orders, units: holder.units })}</p>
        <ReasonChips chips={presets} value={reason} onPick={setReason} label={t('console.holds.reason')} />
        <div className="field">
          <label htmlFor="release-reason">{t('console.holds.reason')}</label>
          <textarea id="release-reason" rows={2} maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={touched && invalid} data-testid="release-reason" />
          {touched && invalid && <span className="field-error">{t('console.holds.reasonRequired')}</span>}
        </div>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-danger" disabled={m.isPending} data-testid="release-confirm">{m.isPending ? t('console.holds.releasing') : t('console.holds.confirm')}</button>
        </div>
      </form>
    </Modal>
  );
}

function HoldersCard() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const by = (BYS as string[]).includes(params.get('by') ?? '') ? params.get('by') as By : 'phone';
  const [releasing, setReleasing] = useState<Holder | null>(null);
  const [done, setDone] = useState<Released | null>(null);
  // "Right now" means now: holds end by themselves within minutes.
  const q = useQuery({ queryKey: HOLDERS(by), queryFn: ({ signal }) => get<Holders>(`/holds/holders?by=${by}&limit=30`, signal), refetchInterval: 15_000 });
  return (
    <section className="card flush" aria-labelledby="holders-h" data-testid="holders">
      <div className="card-head pad">
        <h2 id="holders-h">{q.data ? t('console.holds.now', q.data.totals) : t('console.holds.title')}</h2>
        <div className="chips" role="group" aria-label={t('console.holds.title')}>
          {BYS.map((b) => (
            <button key={b} type="button" className={`chip ${by === b ? 'on' : ''}`} aria-pressed={by === b} onClick={() => { setDone(null); setParams({ by: b }, { replace: true }); }} data-testid={`holders-by-${b}`}>
              {t(`console.holds.by.${b}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="pad-x stack">
        {q.data && <p className="hint" data-testid="holds-policy">{t('console.holds.policy', {
          sku: q.data.policy.unitsPerPhoneSku, units: q.data.policy.unitsPerPhone, window: q.data.policy.windowMinutes,
          phone: q.data.policy.ordersPerPhone, address: q.data.policy.ordersPerAddress, link: q.data.policy.ordersPerLink,
        })}</p>}
        {done && <p className="recon-done ok" role="status" data-testid="release-done">{done.released.length ? t('console.holds.released', { count: done.released.length, units: done.units }) : t('console.holds.releasedNone')}</p>}
      </div>
      <QueryView q={q}>
        {(d) => d.holders.length === 0 ? <Empty>{t('console.holds.none')}</Empty> : (
          <table className="table" data-testid="holders-table">
            <thead><tr>
              <th>{t('console.holds.column.holder')}</th><th className="num">{t('console.holds.column.units')}</th><th className="num">{t('console.holds.column.orders')}</th>
              <th>{t('console.holds.column.spread')}</th><th>{t('console.holds.column.since')}</th><th>{t('console.holds.column.until')}</th><th>{t('console.holds.column.actions')}</th>
            </tr></thead>
            <tbody>
              {d.holders.map((h) => (
                <tr key={h.key} data-testid="holder-row" data-key={h.key}>
                  <td>
                    <div className="strong">{by === 'address' ? <span className="mono">{h.key}</span> : h.label}</div>
                    {by === 'phone' && <div className="mono muted">{h.key}</div>}
                  </td>
                  <td className="num strong" data-testid="holder-units">{h.units}</td>
                  <td className="num" data-testid="holder-orders">{h.orders}</td>
                  <td className="muted small">{by === 'phone' ? t('console.holds.resellers', { count: h.resellers }) : t('console.holds.phones', { count: h.phones })}</td>
                  <td className="nowrap">{fmtDateTime(h.since)} <Ago iso={h.since} /></td>
                  <td className="nowrap">{fmtDateTime(h.until)}</td>
                  <td className="actions"><button type="button" className="btn btn-small btn-danger" onClick={() => { setDone(null); setReleasing(h); }} data-testid="holder-release">{t('console.holds.release')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
      {releasing && <ReleaseDialog by={by} holder={releasing} onClose={() => setReleasing(null)} onDone={(r) => { setReleasing(null); setDone(r); }} />}
    </section>
  );
}

function ReleaseLog() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: LOG, queryFn: ({ signal }) => get<{ items: ReleaseBatch[] }>('/holds/releases?limit=50', signal).then((r) => r.items) });
  return (
    <section className="card flush" aria-labelledby="hold-log-h" data-testid="hold-releases">
      <div className="card-head pad"><h2 id="hold-log-h">{t('console.holds.log')}</h2></div>
      <div className="pad-x"><p className="hint">{t('console.holds.logHint')}</p></div>
      <QueryView q={q}>
        {(items) => items.length === 0 ? <Empty>{t('console.holds.logNone')}</Empty> : (
          <table className="table" data-testid="hold-releases-table">
            <thead><tr>
              <th>{t('console.holds.logColumn.at')}</th><th>{t('console.holds.logColumn.who')}</th><th>{t('console.holds.logColumn.scope')}</th>
              <th>{t('console.holds.logColumn.reason')}</th><th className="num">{t('console.holds.logColumn.orders')}</th><th className="num">{t('console.holds.logColumn.units')}</th>
            </tr></thead>
            <tbody>
              {items.map((b) => (
                <tr key={b.batchId} data-testid="hold-release-row" data-scope={b.scope} data-subject={b.subject}>
                  <td className="nowrap">{fmtDateTime(b.createdAt)}</td>
                  <td>{t(`console.holds.actor.${b.actorKind}`, { defaultValue: b.actorKind })}{b.actorName ? ` · ${b.actorName}` : ''}</td>
                  <td>{t(`console.holds.scope.${b.scope}`, { defaultValue: b.scope })} <span className="mono muted" data-testid="hold-release-subject">{b.scope === 'order' ? b.orderNo ?? b.subject.slice(-10) : b.subject}</span></td>
                  <td data-testid="hold-release-reason">{reasonText(t, b.reason)}</td>
                  <td className="num">{b.orders}</td>
                  <td className="num">{b.units}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}

export default function Holds() {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head"><h1>{t('console.holds.title')}</h1></div>
      <p className="muted">{t('console.holds.subtitle')}</p>
      <HoldersCard />
      <ReleaseLog />
    </>
  );
}

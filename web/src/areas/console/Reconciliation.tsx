// 对账: the books against the providers' records, daily and on demand — the payout provider's
// statement against our payouts and the ledger (each difference with its cause, a CSV per run),
// and the payment gateway's captures and refunds against ours (the same comparisons 退款与对账
// shows, with the differences of every run listed as a CSV). Healthy runs list nothing.
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import i18n from '../../lib/i18n.ts';
import { get, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { csvRows } from '../../lib/csv.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { FormError, LoadMore } from './ui.tsx';
import { downloadText, fmtDateTime, qs, type Page } from './lib.ts';
import { Reconciliations as GatewayRuns, period, useGatewayRuns } from './Payments.tsx';
import { sk, type PayoutDifference, type PayoutReconciliation } from './settlement.ts';
import './settlement.i18n.ts';
import './settlement.css';

function Side({ s }: { s: PayoutDifference['ours'] }) {
  const { t } = useTranslation();
  if (!s) return <span className="muted">—</span>;
  return <>{t(`console.payouts.payoutStatus.${s.status}`, { defaultValue: s.status })} · {yuan(s.amount)}</>;
}

function Differences({ r }: { r: PayoutReconciliation }) {
  const { t } = useTranslation();
  return (
    <table className="table inner" data-testid="precon-differences">
      <thead><tr>
        <th>{t('console.precon.cause')}</th><th>{t('console.precon.payout')}</th><th>{t('console.precon.merchantRef')}</th><th>{t('console.precon.providerRef')}</th>
        <th>{t('console.precon.providerSide')}</th><th>{t('console.precon.ourSide')}</th><th>{t('console.precon.ledger')}</th>
      </tr></thead>
      <tbody>
        {r.differences.map((d, i) => (
          <tr key={i} data-testid="precon-difference" data-cause={d.cause}>
            <td><strong>{t(`console.precon.causes.${d.cause}`)}</strong><div className="hint">{t(`console.precon.causeHints.${d.cause}`)}</div></td>
            <td className="mono small">{d.payoutId?.slice(-10) ?? '—'}</td>
            <td className="mono small">{d.merchantRef ?? '—'}</td>
            <td className="mono small">{d.providerRef ?? '—'}</td>
            <td><Side s={d.provider} /></td>
            <td><Side s={d.ours} /></td>
            <td>{d.account ? t('console.precon.ledgerLine', { account: d.account, expected: yuan(d.expected ?? 0), actual: yuan(d.actual ?? 0) }) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PayoutRuns() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const [fresh, setFresh] = useState<PayoutReconciliation | null>(null);
  const q = useInfiniteQuery({
    queryKey: sk.payoutRecons,
    queryFn: ({ pageParam, signal }) => get<Page<PayoutReconciliation>>(`/payouts/reconciliations${qs({ cursor: pageParam, limit: 20 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
  });
  const run = useMutation({
    mutationFn: () => post<PayoutReconciliation>('/payouts/reconciliations', {}),
    onSuccess: async (r) => {
      setFresh(r);
      if (r.differences.length) setOpen((s) => new Set(s).add(r.id));
      await qc.invalidateQueries({ queryKey: sk.payoutRecons });
    },
  });
  const toggle = (id: string) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <section className="card flush" aria-labelledby="precon-h" data-testid="payout-reconciliations">
      <div className="card-head pad">
        <h2 id="precon-h">{t('console.precon.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => { setFresh(null); run.mutate(); }} disabled={run.isPending} data-testid="precon-run">
          {run.isPending && <span className="spinner" aria-hidden />}{run.isPending ? t('console.recon.running') : t('console.recon.run')}
        </button>
      </div>
      <div className="pad-x stack">
        <p className="hint">{t('console.precon.hint')}</p>
        {fresh && (
          <p className={`recon-done ${fresh.differences.length ? 'bad' : 'ok'}`} role="status" data-testid="precon-done">
            {t('console.precon.done', { period: period(fresh), count: fresh.differences.length })}
          </p>
        )}
        <FormError error={run.error} />
      </div>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0 ? <Empty>{t('console.precon.none')}</Empty> : (
        <>
          <table className="table" data-testid="precon-table">
            <thead><tr>
              <th>{t('console.recon.period')}</th><th>{t('console.precon.provider')}</th><th className="num">{t('console.precon.providerCount')}</th>
              <th className="num">{t('console.precon.providerPaid')}</th><th className="num">{t('console.precon.booksPaid')}</th>
              <th className="num">{t('console.precon.differences')}</th><th>{t('console.recon.result')}</th><th>{t('console.recon.createdAt')}</th><th />
            </tr></thead>
            <tbody>
              {items.map((r) => {
                const ok = r.differences.length === 0;
                return (
                  <Fragment key={r.id}>
                    <tr data-testid="precon-row" data-id={r.id} className={fresh?.id === r.id ? 'selected' : ''}>
                      <td className="nowrap">{period(r)}</td>
                      <td>{t(`console.precon.providers.${r.provider}`, { defaultValue: r.provider })}</td>
                      <td className="num">{r.providerCount}</td>
                      <td className="num">{yuan(r.providerPaid)}</td>
                      <td className={`num ${r.booksPaid !== r.providerPaid ? 'bad-number' : ''}`}>{yuan(r.booksPaid)}</td>
                      <td className={`num ${ok ? '' : 'bad-number'}`} data-testid="precon-count">{r.differences.length}</td>
                      <td><span className={`tag ${ok ? 'tag-recon-ok' : 'tag-recon-problem'}`} data-testid="precon-badge" data-ok={ok}>{ok ? '✓' : '!'} {t(ok ? 'console.recon.ok' : 'console.recon.problem')}</span></td>
                      <td className="nowrap muted">{fmtDateTime(r.createdAt)}</td>
                      <td className="actions">
                        {!ok && <button type="button" className="btn btn-small" aria-expanded={open.has(r.id)} onClick={() => toggle(r.id)} data-testid="precon-expand">{open.has(r.id) ? t('console.recon.hideMismatches') : t('console.recon.showMismatches', { count: r.differences.length })}</button>}
                        <a className="btn btn-small" href={`/api/v1/payouts/reconciliations/${r.id}/differences.csv?lang=${lang}`} download data-testid="precon-csv">CSV</a>
                      </td>
                    </tr>
                    {open.has(r.id) && !ok && <tr className="subrow"><td colSpan={9}><Differences r={r} /></td></tr>}
                  </Fragment>
                );
              })}
            </tbody>
          </table>
          <LoadMore q={q} count={items.length} testId="precon-more" />
        </>
      )}
    </section>
  );
}

/** Every mismatch of the gateway runs listed, as a CSV the operator can hand on. */
function GatewayCsv() {
  const { t } = useTranslation();
  // The same query (and cache) as the runs' table below.
  const q = useGatewayRuns();
  const rows = (q.data ?? []).flatMap((r) => r.mismatches.map((m) => [
    r.periodStart, r.periodEnd, t(`console.recon.kind.${m.kind}`), m.providerRef, m.merchantRef, m.gateway.amount, m.gateway.currency,
    m.ours ? t(`console.recon.ourStatuses.${m.ours.status}`, { defaultValue: m.ours.status }) : t('console.recon.notOurs'), m.ours?.amount ?? '',
  ]));
  const runs = q.data ?? [];
  const head = t('console.precon.gatewayCsvHead', { returnObjects: true }) as string[];
  const unbalanced = runs.filter((r) => r.unheld !== 0 || r.ledgerDifference !== 0).map((r) => [r.periodStart, r.periodEnd, t('console.recon.unheld'), '', '', r.unheld, r.currency, t('console.recon.ledgerDifference'), r.ledgerDifference]);
  return (
    <div className="row gateway-csv">
      <span className="hint grow">{t('console.precon.gatewayHint')}</span>
      <button type="button" className="btn" disabled={!q.data} onClick={() => downloadText(t('console.precon.gatewayCsvName'), csvRows([head, ...rows, ...unbalanced]))} data-testid="gateway-csv">
        {t('console.precon.gatewayCsv', { count: rows.length + unbalanced.length })}
      </button>
    </div>
  );
}

export default function Reconciliation() {
  const { t } = useTranslation();
  return (
    <>
      <div className="page-head"><h1>{t('console.precon.pageTitle')}</h1></div>
      <p className="hint">{t('console.precon.subtitle')}</p>
      <PayoutRuns />
      <GatewayCsv />
      <GatewayRuns />
    </>
  );
}

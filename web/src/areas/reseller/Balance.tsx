// 收益余额: my earnings — pending (inside return windows), available, being withdrawn, withdrawn —
// the last 30 days as a chart (the available balance at each day's end, what became available and
// what was withdrawn each day), and my withdrawals with their status; one not yet approved may be
// cancelled (the money is available again).
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import type { TFunction } from 'i18next';
import { post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { kindName, type AccountView } from '../../components/payouts/accounts.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { keys, moneyKeys, useBalance, usePayoutAccounts, useWithdrawals, type Balance as BalanceView, type Withdrawal } from './data.ts';
import { formatTime, useToast } from './ui.tsx';
import { reasonText } from '../../lib/reasons.ts';
import './money.i18n.ts';
import './membership.css';

const RED = '#e4393c', GREEN = '#00a870', GREY = '#c9cdd4';

function DaysChart({ days }: { days: BalanceView['days'] }) {
  const { t } = useTranslation();
  const key = JSON.stringify(days);
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 40, right: 56, top: 36, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v) => yuan(Math.round(Number(v) * 100)) },
    legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 }, data: [t('reseller.balance.available'), t('reseller.balance.earned'), t('reseller.balance.withdrawnDay')] },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)), axisLabel: { fontSize: 10, interval: 6 }, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', axisLabel: { fontSize: 10, formatter: (v: number) => (Math.abs(v) >= 10_000 ? `${Math.round(v / 1000)}k` : String(v)) }, splitLine: { lineStyle: { color: '#f0f1f4' } } },
    series: [
      { name: t('reseller.balance.earned'), type: 'bar', barMaxWidth: 8, barGap: '10%', itemStyle: { color: GREEN }, data: days.map((d) => d.earned / 100) },
      { name: t('reseller.balance.withdrawnDay'), type: 'bar', barMaxWidth: 8, itemStyle: { color: GREY }, data: days.map((d) => d.withdrawn / 100) },
      {
        name: t('reseller.balance.available'), type: 'line', symbol: 'circle', symbolSize: 5, showSymbol: false, endLabel: { show: true, fontSize: 10, color: RED, formatter: (p: { value: unknown }) => yuan(Math.round(Number(p.value) * 100)) },
        lineStyle: { color: RED, width: 2 }, itemStyle: { color: RED }, areaStyle: { color: 'rgba(228, 57, 60, .12)' }, data: days.map((d) => d.available / 100),
      },
    ],
  }), [key, t]);
  return <Chart option={option} height={220} label={t('reseller.balance.chartLabel')} />;
}

export function WithdrawalStatus({ status }: { status: Withdrawal['status'] }) {
  const { t } = useTranslation();
  return <span className={`tag rs-wd rs-wd-${status}`} data-testid="withdrawal-status" data-status={status}>{t(`reseller.withdraw.status.${status}`)}</span>;
}

/** 招商银行 **** 0128: the bank (or the kind, when not a card) and the masked number; no holder, the account is their own. */
export function accountLabel(a: AccountView | null | undefined, t: TFunction): string {
  if (!a) return '—';
  return `${a.kind === 'bank_card' ? a.bankName ?? kindName(t, 'bank_card') : kindName(t, a.kind)} ${a.accountNoMasked}`;
}

export function WithdrawalList() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const q = useWithdrawals();
  // the withdrawal names its account once it is paid out; before that, my accounts do
  const accounts = usePayoutAccounts();
  const accountOf = (w: Withdrawal) => w.account ?? accounts.data?.items.find((a) => a.id === w.payoutAccountId);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const cancel = useMutation({
    mutationFn: (id: string) => { setCancelling(id); return post<Withdrawal>(`/me/withdrawals/${id}/cancel`); },
    onSuccess: async (w) => {
      toast(t('reseller.withdraw.cancelled', { amount: yuan(w.amount) }));
      await Promise.all([qc.invalidateQueries({ queryKey: moneyKeys.withdrawals }), qc.invalidateQueries({ queryKey: moneyKeys.balance }), qc.invalidateQueries({ queryKey: keys.profile })]);
    },
    onSettled: () => setCancelling(null),
  });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Empty>{t('reseller.withdraw.none')}</Empty>;
  return (
    <>
      {cancel.error ? <ErrorState error={cancel.error} /> : null}
      <ul className="rs-plain rs-rows" data-testid="withdrawals">
        {items.map((w) => (
          <li key={w.id} className="rs-row" data-testid="withdrawal" data-id={w.id} data-status={w.status}>
            <div className="row">
              <b className="num">{yuan(w.amount)}</b>
              <WithdrawalStatus status={w.status} />
              <span className="spacer" />
              <span className="muted num">{formatTime(w.createdAt, i18n.language)}</span>
            </div>
            <p className="muted">{t('reseller.withdraw.toAccount', { account: accountLabel(accountOf(w), t) })}</p>
            <p className="muted num">{t('reseller.withdraw.feeNet', { fee: yuan(w.fee), net: yuan(w.net) })}</p>
            {w.status === 'rejected' && w.rejectReason && <p className="rs-clawback">{t('reseller.withdraw.rejectReason', { reason: reasonText(t, w.rejectReason) })}</p>}
            {w.status === 'failed' && <p className="rs-clawback">{t('reseller.withdraw.failedHint')}</p>}
            {w.status === 'paid' && w.paidAt && <p className="muted num">{t('reseller.withdraw.paidAt', { time: formatTime(w.paidAt, i18n.language) })}</p>}
            {w.status === 'requested' && (
              <button type="button" className="btn btn-small" onClick={() => cancel.mutate(w.id)} disabled={cancelling === w.id} data-testid="cancel-withdrawal">
                {t('reseller.withdraw.cancel')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {q.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.more')}</button>}
    </>
  );
}

export default function Balance() {
  const { t } = useTranslation();
  const q = useBalance();
  return (
    <>
      <QueryView q={q}>
        {(b) => (
          <>
            <section className="card rs-wallet rs-balance" aria-labelledby="balance-h" data-testid="balance">
              <h2 id="balance-h" className="rs-sr-only">{t('reseller.balance.title')}</h2>
              <div className="rs-wallet-main">
                <span className="muted">{t('reseller.balance.available')}</span>
                <span className="rs-wallet-amount num" data-testid="available" data-fen={b.available}>{yuan(b.available)}</span>
              </div>
              <Link className="btn btn-primary" to="/reseller/withdraw" data-testid="to-withdraw">{t('reseller.balance.withdraw')}</Link>
              <div className="rs-kpis rs-kpis-3">
                <div><span className="muted">{t('reseller.balance.pending')}</span><b className="num" data-testid="pending" data-fen={b.pending}>{yuan(b.pending)}</b></div>
                <div><span className="muted">{t('reseller.balance.withdrawing')}</span><b className="num" data-testid="withdrawing" data-fen={b.withdrawing}>{yuan(b.withdrawing)}</b></div>
                <div><span className="muted">{t('reseller.balance.withdrawn')}</span><b className="num" data-testid="withdrawn" data-fen={b.withdrawn}>{yuan(b.withdrawn)}</b></div>
              </div>
              <p className="hint">{t('reseller.balance.hint')}</p>
            </section>
            <section className="card" aria-labelledby="chart-h">
              <h2 id="chart-h">{t('reseller.balance.chartTitle')}</h2>
              <div data-testid="balance-chart"><DaysChart days={b.days} /></div>
              {(b.rewards.earned > 0 || b.rewards.clawedBack > 0) && (
                <p className="hint" data-testid="rewards-summary">
                  {t('reseller.balance.rewards', { earned: yuan(b.rewards.earned), clawedBack: yuan(b.rewards.clawedBack) })} <Link to="/reseller/team">{t('reseller.balance.rewardsLink')}</Link>
                </p>
              )}
            </section>
          </>
        )}
      </QueryView>
      <section className="card" aria-labelledby="wd-h">
        <h2 id="wd-h">{t('reseller.withdraw.listTitle')}</h2>
        <WithdrawalList />
      </section>
    </>
  );
}

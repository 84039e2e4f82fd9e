// 会员 · one member: standing and term, level and the progress to the next, invitations left,
// the fee terms paid (and refunded), level history, the team they invited, and their balance
// (pending inside return windows, available, being withdrawn, withdrawn) over the last 30 days.
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { LevelBadge } from './ui.tsx';
import { fmtDate, fmtDateTime, yuanShort } from './lib.ts';
import { sk, type Membership, type ResellerBalance } from './settlement.ts';
import { StandingTag } from './Members.tsx';
import './membership.i18n.ts';
import './settlement.css';

const GREEN = '#00b42a', BLUE = '#165dff', ORANGE = '#ff7d00';

function BalanceCard({ resellerId }: { resellerId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: sk.balance(resellerId), queryFn: ({ signal }) => get<ResellerBalance>(`/resellers/${resellerId}/balance`, signal) });
  const names = { available: t('console.member.balance.available'), earned: t('console.member.balance.earned'), withdrawn: t('console.member.balance.withdrawn') };
  const option = useMemo<EChartsOption | null>(() => {
    const d = q.data?.days ?? [];
    if (d.length === 0) return null;
    return {
      grid: { left: 60, right: 16, top: 32, bottom: 28 },
      legend: { top: 0, data: [names.available, names.earned, names.withdrawn] },
      tooltip: { trigger: 'axis', valueFormatter: (v) => yuan(Number(v)) },
      xAxis: { type: 'category', data: d.map((x) => x.day.slice(5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => yuanShort(v) } },
      series: [
        { name: names.available, type: 'line', data: d.map((x) => x.available), itemStyle: { color: GREEN }, showSymbol: false },
        { name: names.earned, type: 'bar', data: d.map((x) => x.earned), itemStyle: { color: BLUE } },
        { name: names.withdrawn, type: 'bar', data: d.map((x) => x.withdrawn), itemStyle: { color: ORANGE } },
      ],
    };
  }, [q.data, names.available, names.earned, names.withdrawn]);
  return (
    <section className="card" data-testid="member-balance">
      <h2>{t('console.member.balance.title')}</h2>
      <QueryView q={q}>
        {(b) => (
          <>
            <div className="kpis settle-kpis">
              <div className="kpi"><div className="label">{t('console.member.balance.pending')}</div><div className="value" data-testid="balance-pending">{yuan(b.pending)}</div><div className="hint">{t('console.member.balance.pendingHint')}</div></div>
              <div className="kpi"><div className="label">{t('console.member.balance.available')}</div><div className="value price" data-testid="balance-available">{yuan(b.available)}</div></div>
              <div className="kpi"><div className="label">{t('console.member.balance.withdrawing')}</div><div className="value">{yuan(b.withdrawing)}</div></div>
              <div className="kpi"><div className="label">{t('console.member.balance.withdrawn')}</div><div className="value">{yuan(b.withdrawn)}</div></div>
            </div>
            <p className="hint">{t('console.member.balance.rewards', { earned: yuan(b.rewards.earned), clawedBack: yuan(b.rewards.clawedBack) })}</p>
            {option ? <Chart option={option} height={220} label={t('console.member.balance.chart')} /> : null}
            <Link to={`/console/withdrawals?resellerId=${resellerId}&status=all`} className="btn btn-small">{t('console.member.balance.withdrawals')}</Link>
          </>
        )}
      </QueryView>
    </section>
  );
}

export default function Member() {
  const { t } = useTranslation();
  const { resellerId = '' } = useParams();
  const q = useQuery({ queryKey: sk.member(resellerId), queryFn: ({ signal }) => get<Membership>(`/members/${resellerId}`, signal) });
  return (
    <QueryView q={q}>
      {(m) => {
        const next = m.next;
        const pct = next ? Math.min(100, Math.floor((m.rollingSales * 100) / Math.max(1, next.minSales))) : 100;
        const current = m.levels.find((l) => l.level === m.level);
        return (
          <>
            <div className="page-head">
              <Link to="/console/members" className="btn btn-ghost">← {t('console.member.back')}</Link>
              <div className="title-group">
                <h1 data-testid="member-name">{m.name}</h1>
                <LevelBadge level={m.level} />
                <StandingTag standing={m.standing} />
              </div>
              <Link className="btn" to={`/console/resellers/${m.resellerId}`}>{t('console.member.reseller')}</Link>
              <Link className="btn" to={`/console/orders?resellerId=${m.resellerId}`}>{t('console.resellers.orders')}</Link>
            </div>
            {m.standing === 'removed' && <p className="notice" data-testid="member-removed">{t('console.member.removedNote', { date: fmtDate(m.removedAt) })}</p>}
            <div className="grid two">
              <section className="card" data-testid="member-membership">
                <h2>{t('console.member.membership')}</h2>
                <dl className="facts">
                  <dt>{t('console.members.expires')}</dt><dd>{fmtDate(m.expiresAt)}</dd>
                  <dt>{t('console.members.inviter')}</dt><dd>{m.invitedBy ? <Link to={`/console/members/${m.invitedBy.id}`}>{m.invitedBy.name}</Link> : t('console.members.noInviter')}</dd>
                  <dt>{t('console.member.invites')}</dt><dd data-testid="member-invites">{t('console.member.invitesLeft', { left: m.invites.left, quota: m.invites.quota })}</dd>
                  <dt>{t('console.member.renewal')}</dt><dd>{m.renewal.open ? t('console.member.renewalOpen', { fee: yuan(m.renewal.fee) }) : m.renewal.from ? t('console.member.renewalFrom', { date: fmtDate(m.renewal.from) }) : '—'}</dd>
                  {m.invites.link && <><dt>{t('console.member.inviteLink')}</dt><dd className="mono small">{m.invites.link}</dd></>}
                </dl>
              </section>
              <section className="card" data-testid="member-level">
                <h2>{t('console.member.level')}</h2>
                <p>{t('console.member.rolling', { days: m.windowDays, amount: yuan(m.rollingSales) })}</p>
                {next ? (
                  <div className="level-progress">
                    <div className="row"><LevelBadge level={m.level} /><span className="progress grow" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('console.member.toNext', { level: next.level })}><span style={{ width: `${pct}%` }} /></span><LevelBadge level={next.level} /></div>
                    <p className="hint" data-testid="member-next">{t('console.member.remaining', { amount: yuan(next.remaining), level: next.level })}</p>
                  </div>
                ) : <p className="hint">{t('console.member.top')}</p>}
                {current && current.perks.length > 0 && <p className="chips">{current.perks.map((p) => <span key={p} className="chip on">{t(`console.policy.perk.${p}`, { defaultValue: p })}</span>)}</p>}
              </section>
            </div>
            <BalanceCard resellerId={m.resellerId} />
            <div className="grid two">
              <section className="card flush" data-testid="member-terms">
                <div className="card-head pad"><h2>{t('console.member.terms')}</h2></div>
                {m.terms.length === 0 ? <Empty>{t('console.member.noTerms')}</Empty> : (
                  <table className="table">
                    <thead><tr><th>{t('console.member.termNo')}</th><th className="num">{t('console.member.fee')}</th><th>{t('console.common.status')}</th><th>{t('console.member.period')}</th><th className="num">{t('console.member.refunded')}</th></tr></thead>
                    <tbody>
                      {m.terms.map((x) => (
                        <tr key={x.id} data-testid="term-row">
                          <td>#{x.termNo}</td><td className="num">{yuan(x.fee)}</td>
                          <td><span className="tag">{t(`console.member.termStatus.${x.status}`, { defaultValue: x.status })}</span></td>
                          <td className="nowrap">{x.startsAt ? `${fmtDate(x.startsAt)} – ${fmtDate(x.endsAt)}` : '—'}</td>
                          <td className="num">{x.refunded ? yuan(x.refunded) : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section className="card flush" data-testid="member-history">
                <div className="card-head pad"><h2>{t('console.member.history')}</h2></div>
                {m.history.length === 0 ? <Empty>{t('console.member.noHistory')}</Empty> : (
                  <table className="table">
                    <thead><tr><th>{t('console.member.at')}</th><th>{t('console.member.change')}</th><th className="num">{t('console.member.rollingShort')}</th><th>{t('console.member.reason')}</th></tr></thead>
                    <tbody>
                      {m.history.map((h, i) => (
                        <tr key={i}>
                          <td className="nowrap">{fmtDateTime(h.at)}</td>
                          <td><LevelBadge level={h.from} /> → <LevelBadge level={h.to} /></td>
                          <td className="num">{yuan(h.rollingSales)}</td>
                          <td>{t(`console.member.reasons.${h.reason}`, { defaultValue: h.reason })}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </div>
            <section className="card flush" data-testid="member-team">
              <div className="card-head pad"><h2>{t('console.member.team', { count: m.team.length })}</h2></div>
              {m.team.length === 0 ? <Empty>{t('console.member.noTeam')}</Empty> : (
                <table className="table">
                  <thead><tr>
                    <th>{t('console.members.name')}</th><th>{t('console.members.level')}</th><th>{t('console.members.standingLabel')}</th><th>{t('console.members.joined')}</th>
                    <th className="num">{t('console.member.monthSales')}</th><th className="num">{t('console.member.rollingShort')}</th>
                  </tr></thead>
                  <tbody>
                    {m.team.map((x) => (
                      <tr key={x.id} data-testid="team-row">
                        <td><Link to={`/console/members/${x.id}`}>{x.name}</Link></td>
                        <td><LevelBadge level={x.level} /></td><td><StandingTag standing={x.standing} /></td>
                        <td className="nowrap">{fmtDate(x.joinedAt)}</td>
                        <td className="num">{yuan(x.monthSales)}</td><td className="num">{yuan(x.rollingSales)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </>
        );
      }}
    </QueryView>
  );
}

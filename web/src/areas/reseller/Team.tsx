// 我的团队: the people I invited (level, standing, this month's and the level window's sales) and
// the rewards the platform paid me on their sales (invitation and team rewards), with clawbacks.
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { yuan, percent } from '../../lib/money.ts';
import { Empty, ErrorState, Loading, QueryView } from '../../components/states.tsx';
import { useMembership, useRewards, useTeam } from './data.ts';
import { formatDate, formatTime } from './ui.tsx';
import './membership.i18n.ts';
import './membership.css';

function Rewards() {
  const { t, i18n } = useTranslation();
  const q = useRewards();
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const items = q.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <Empty>{t('reseller.team.noRewards')}</Empty>;
  return (
    <>
      <ul className="rs-plain rs-rows" data-testid="rewards">
        {items.map((r) => (
          <li key={r.id} className="rs-row" data-testid="reward" data-kind={r.kind}>
            <div className="row">
              <span className={`tag rs-reward-${r.kind}`}>{t(`reseller.team.kind.${r.kind}`, { defaultValue: r.kind })}</span>
              <span className="rs-grow">{r.inviteeName}</span>
              <b className="num rs-profit">+{yuan(r.amount)}</b>
            </div>
            <p className="muted num">
              {t('reseller.team.rewardLine', { basis: yuan(r.basis), rate: percent(r.bps), time: formatTime(r.createdAt, i18n.language) })}
            </p>
            {r.clawedBack > 0 && <p className="rs-clawback num" data-testid="clawed-back">{t('reseller.team.clawedBack', { amount: yuan(r.clawedBack) })}</p>}
          </li>
        ))}
      </ul>
      {q.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>{t('common.more')}</button>}
    </>
  );
}

export default function Team() {
  const { t, i18n } = useTranslation();
  const team = useTeam();
  const days = useMembership().data?.windowDays ?? 90;
  return (
    <>
      <section className="card" aria-labelledby="team-h">
        <div className="row"><h2 id="team-h" className="rs-grow">{t('reseller.team.title')}</h2><Link to="/reseller/membership" className="btn btn-small">{t('reseller.team.invite')}</Link></div>
        <QueryView q={team}>
          {(d) => d.items.length === 0 ? <p className="muted" data-testid="team-empty">{t('reseller.team.none')}</p> : (
            <ul className="rs-plain rs-rows" data-testid="team">
              {d.items.map((m) => (
                <li key={m.id} className="rs-row" data-testid="team-member" data-standing={m.standing}>
                  <div className="row">
                    <b>{m.name}</b><span className="tag tag-level">{m.level}</span>
                    <span className={`tag rs-standing-tag rs-st-${m.standing}`}>{t(`reseller.membership.standing.${m.standing}`)}</span>
                    <span className="spacer" /><span className="muted num">{t('reseller.team.joined', { date: formatDate(m.joinedAt, i18n.language) })}</span>
                  </div>
                  <div className="rs-kpis">
                    <div><span className="muted">{t('reseller.team.month')}</span><b className="num">{yuan(m.monthSales)}</b></div>
                    <div><span className="muted">{t('reseller.team.rolling', { days })}</span><b className="num">{yuan(m.rollingSales)}</b></div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </QueryView>
      </section>
      <section className="card" aria-labelledby="rewards-h">
        <h2 id="rewards-h">{t('reseller.team.rewardsTitle')}</h2>
        <p className="hint">{t('reseller.team.rewardsHint')}</p>
        <Rewards />
      </section>
    </>
  );
}

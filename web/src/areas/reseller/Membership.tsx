// 我的会员: where I stand (fee unpaid → pay; active until a date → renew when the window opens;
// expired or removed → what to do), my level and how far the next one is, the levels with their
// perks and invitation quotas, my invitation link, the terms I paid and my level history. Back
// from the gateway (?paid=1) it looks again until the fee has arrived.
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, post } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { keys, moneyKeys, useMembership, type Joined, type Membership as MembershipView } from './data.ts';
import { copyText, formatDate, useToast } from './ui.tsx';
import { PAID_RETURN } from './Join.tsx';
import './membership.i18n.ts';
import './membership.css';

/** A refusal of renewing or rejoining, in words with its date (the problem's `from`). */
function RenewError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (error instanceof ApiError && (error.code === 'renewal_not_open' || error.code === 'readmission_too_soon')) {
    const from = typeof error.body.from === 'string' ? error.body.from : null;
    return (
      <div className="state-error rs-join-error" role="alert" data-testid="renew-error" data-code={error.code}>
        <p>{from ? t(`reseller.membership.err.${error.code}`, { date: formatDate(from, i18n.language) }) : error.title}</p>
      </div>
    );
  }
  return <div data-testid="renew-error"><ErrorState error={error} /></div>;
}

/** Pay the fee waiting (or open a new term: renew, rejoin) and go to the gateway's page. */
function usePayFee(m: MembershipView) {
  return useMutation({
    mutationFn: async () => {
      if (m.pendingTerm?.payUrl) return m.pendingTerm.payUrl;
      return (await post<Joined>('/me/membership/renew', { returnTo: PAID_RETURN })).payUrl;
    },
    onSuccess: (url) => { if (url) location.assign(url); },
  });
}

function Standing({ m, waiting }: { m: MembershipView; waiting: boolean }) {
  const { t, i18n } = useTranslation();
  const pay = usePayFee(m);
  const lang = i18n.language;
  const fee = yuan(m.pendingTerm?.fee ?? m.renewal.fee);
  const payButton = (label: string) => (
    <button type="button" className="btn btn-primary btn-block" onClick={() => pay.mutate()} disabled={pay.isPending || pay.isSuccess} data-testid="pay-fee">
      {pay.isPending || pay.isSuccess ? t('reseller.join.toGateway') : label}
    </button>
  );
  let body: React.ReactNode;
  if (waiting && m.standing !== 'active') {
    body = (
      <div className="stack-12" aria-live="polite" data-testid="fee-waiting">
        <p>{t('reseller.membership.confirming')}</p>
        <div className="progress" role="progressbar" aria-label={t('reseller.membership.confirming')}><span className="rs-indeterminate" /></div>
      </div>
    );
  } else if (m.standing === 'pending') {
    body = <><p>{t('reseller.membership.pendingBody', { fee })}</p>{payButton(t('reseller.membership.payFee', { fee }))}</>;
  } else if (m.standing === 'active') {
    body = (
      <>
        <p data-testid="expires">{m.expiresAt ? t('reseller.membership.activeUntil', { date: formatDate(m.expiresAt, lang) }) : t('reseller.membership.activeNoEnd')}</p>
        {m.pendingTerm ? <>{<p className="hint">{t('reseller.membership.renewPending', { fee })}</p>}{payButton(t('reseller.membership.payFee', { fee }))}</>
          : m.renewal.open && m.expiresAt ? payButton(t('reseller.membership.renew', { fee }))
          : m.renewal.from ? <p className="hint" data-testid="renew-from">{t('reseller.membership.renewFrom', { date: formatDate(m.renewal.from, lang) })}</p> : null}
      </>
    );
  } else if (m.standing === 'expired') {
    body = <><p>{t('reseller.membership.expiredBody', { date: formatDate(m.expiresAt, lang) })}</p>{payButton(t('reseller.membership.renew', { fee }))}</>;
  } else if (m.standing === 'removed') {
    body = <><p>{t('reseller.membership.removedBody', { date: formatDate(m.removedAt, lang) })}</p>{payButton(t('reseller.membership.rejoin', { fee }))}</>;
  } else {
    body = <p>{t('reseller.suspended.body')}</p>;
  }
  return (
    <section className={`card rs-standing rs-standing-${m.standing}`} aria-labelledby="standing-h" data-testid="standing" data-standing={m.standing}>
      <div className="row">
        <div className="rs-avatar" aria-hidden>{m.name.slice(0, 1)}</div>
        <div className="rs-grow">
          <h2 id="standing-h">{m.name} <span className="tag tag-level" data-testid="membership-level">{m.level}</span></h2>
          {m.invitedBy && <p className="muted">{t('reseller.membership.invitedBy', { name: m.invitedBy.name })}</p>}
        </div>
        <span className={`tag rs-standing-tag rs-st-${m.standing}`} data-testid="standing-tag">{t(`reseller.membership.standing.${m.standing}`)}</span>
      </div>
      {body}
      {pay.error ? <RenewError error={pay.error} /> : null}
    </section>
  );
}

function LevelCard({ m }: { m: MembershipView }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const held = m.levels.find((l) => l.level === m.level);
  // The level is judged once a day (and on demand): sales may have fallen below the level held.
  const keep = held && m.rollingSales < held.minSales;
  const target = keep ? { level: m.level, minSales: held.minSales } : m.next;
  const pct = target ? Math.min(100, Math.floor((m.rollingSales * 100) / Math.max(1, target.minSales))) : 100;
  const recompute = useMutation({
    mutationFn: () => post<MembershipView>('/me/membership/level'),
    onSuccess: (n) => {
      qc.setQueryData(moneyKeys.membership, n);
      void qc.invalidateQueries({ queryKey: keys.profile });
      toast(n.level === m.level ? t('reseller.membership.levelSame', { level: n.level }) : t('reseller.membership.levelChanged', { from: m.level, to: n.level }));
    },
  });
  return (
    <section className="card rs-level" aria-labelledby="level-h" data-testid="level-card">
      <div className="row">
        <h2 id="level-h" className="rs-grow">{t('reseller.membership.levelTitle')}</h2>
        <span className="rs-level-badge" data-testid="level-badge">{m.level}</span>
      </div>
      <p className="rs-level-sales">{t('reseller.membership.rolling', { days: m.windowDays })}<b className="num" data-testid="rolling-sales">{yuan(m.rollingSales)}</b></p>
      <div className="progress rs-level-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('reseller.membership.progressLabel')} data-testid="level-progress">
        <span style={{ width: `${pct}%` }} />
      </div>
      <p className="hint" data-testid="level-next">
        {!target ? t('reseller.membership.top')
          : keep ? t('reseller.membership.keep', { level: m.level, amount: yuan(target.minSales), days: m.windowDays })
          : t('reseller.membership.toNext', { level: target.level, amount: yuan(target.minSales - m.rollingSales) })}
      </p>
      <button type="button" className="btn btn-small" onClick={() => recompute.mutate()} disabled={recompute.isPending} data-testid="recompute-level">
        {recompute.isPending ? t('reseller.membership.recomputing') : t('reseller.membership.recompute')}
      </button>
      {recompute.error ? <ErrorState error={recompute.error} /> : null}
    </section>
  );
}

function LevelsTable({ m }: { m: MembershipView }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="levels-h">
      <h2 id="levels-h">{t('reseller.membership.levelsTitle')}</h2>
      <ol className="rs-plain rs-levels" data-testid="levels">
        {m.levels.map((l) => (
          <li key={l.level} className={`rs-level-row ${l.level === m.level ? 'current' : ''}`} data-level={l.level}>
            <div className="row">
              <span className="rs-level-badge rs-level-badge-small">{l.level}</span>
              <span className="rs-grow">{l.minSales === 0 ? t('reseller.membership.fromStart') : t('reseller.membership.minSales', { amount: yuan(l.minSales), days: m.windowDays })}</span>
              <span className="muted num">{t('reseller.membership.quota', { n: l.inviteQuota })}</span>
            </div>
            <div className="rs-chips">{l.perks.map((p) => <span key={p} className="rs-chip">{t(`reseller.membership.perks.${p}`, { defaultValue: p })}</span>)}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Invite({ m }: { m: MembershipView }) {
  const { t } = useTranslation();
  const toast = useToast();
  const canInvite = m.standing === 'active' && m.invites.left > 0;
  return (
    <section className="card rs-invite" aria-labelledby="invite-h" data-testid="invite">
      <div className="row"><h2 id="invite-h" className="rs-grow">{t('reseller.membership.inviteTitle')}</h2><Link to="/reseller/team" className="btn btn-small">{t('reseller.membership.myTeam')}</Link></div>
      <p data-testid="invites-left">{t('reseller.membership.invitesLeft', { left: m.invites.left, quota: m.invites.quota })}</p>
      <div className="rs-link-row"><span className="rs-link" data-testid="invite-link">{m.invites.link}</span></div>
      <button type="button" className="btn btn-primary btn-block" disabled={!canInvite} data-testid="copy-invite"
        onClick={() => void copyText(t('reseller.membership.inviteText', { link: m.invites.link, name: m.name })).then((ok) => toast(ok ? t('reseller.membership.copied') : t('reseller.share.copyFailed')))}>
        {t('reseller.membership.copyInvite')}
      </button>
      <p className="hint">{canInvite ? t('reseller.membership.inviteHint') : m.standing === 'active' ? t('reseller.membership.noInvitesLeft') : t('reseller.membership.inviteWhenActive')}</p>
    </section>
  );
}

function Terms({ m }: { m: MembershipView }) {
  const { t, i18n } = useTranslation();
  if (m.terms.length === 0) return null;
  return (
    <section className="card" aria-labelledby="terms-h">
      <h2 id="terms-h">{t('reseller.membership.termsTitle')}</h2>
      <ul className="rs-plain rs-rows" data-testid="terms">
        {m.terms.map((x) => (
          <li key={x.id} className="rs-row" data-status={x.status}>
            <div className="row">
              <b>{t('reseller.membership.termNo', { n: x.termNo })}</b>
              <span className={`tag rs-term-${x.status}`}>{t(`reseller.membership.termStatus.${x.status}`, { defaultValue: x.status })}</span>
              <span className="spacer" /><b className="num">{yuan(x.fee)}</b>
            </div>
            {x.startsAt && <p className="muted num">{formatDate(x.startsAt, i18n.language)} – {formatDate(x.endsAt, i18n.language)}</p>}
            {x.refunded > 0 && <p className="muted">{t('reseller.membership.refunded', { amount: yuan(x.refunded) })}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ m }: { m: MembershipView }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="card" aria-labelledby="history-h">
      <h2 id="history-h">{t('reseller.membership.historyTitle')}</h2>
      {m.history.length === 0 ? <p className="muted">{t('reseller.membership.noHistory')}</p> : (
        <ul className="rs-plain rs-rows" data-testid="level-history">
          {m.history.map((h, i) => (
            <li key={i} className="rs-row row">
              <span className="num">{formatDate(h.at, i18n.language)}</span>
              <b>{h.from} → {h.to}</b>
              <span className="spacer" />
              <span className="muted">{t(`reseller.membership.reason.${h.reason}`, { defaultValue: h.reason })} · {yuan(h.rollingSales)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export default function Membership() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [params] = useSearchParams();
  const back = params.get('paid') === '1';
  const q = useMembership(back);
  const standing = q.data?.standing;
  // Back from the gateway: once the membership reads active the fee is in; say so when we saw it change.
  const was = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (back && standing === 'active' && was.current !== undefined && was.current !== 'active') {
      toast(t('reseller.membership.activated'));
      void qc.invalidateQueries({ queryKey: keys.profile });
    }
    if (standing) was.current = standing;
  }, [back, standing, qc, t, toast]);
  return (
    <QueryView q={q}>
      {(m) => (
        <>
          {back && m.standing === 'active' && (
            <div className="card rs-banner rs-welcome" data-testid="welcome">
              <span>{t('reseller.membership.welcome')}</span>
              <Link className="btn btn-small btn-primary" to="/reseller/events">{t('reseller.membership.startSelling')}</Link>
            </div>
          )}
          <Standing m={m} waiting={back} />
          <LevelCard m={m} />
          <Invite m={m} />
          <LevelsTable m={m} />
          <Terms m={m} />
          <History m={m} />
        </>
      )}
    </QueryView>
  );
}

// 我的: wallet, earnings, today's sales, level and share code; topping the wallet up through the
// payment gateway (leave for its page, come back, watch the top-up until it succeeds); the way to
// membership, team, balance and withdrawals; logout.
import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { get, newKey, post } from '../../lib/api.ts';
import { toFen, yuan } from '../../lib/money.ts';
import { useLogout } from '../../lib/auth.tsx';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { keys, useProfile, useToday, type Profile, type Topup } from './data.ts';
import './review.i18n.ts';
import { Sheet, copyText, useToast } from './ui.tsx';
import { MoneyMenu } from './MoneyMenu.tsx';

const PENDING = 'rs-pending-topup';
const QUICK = [50000, 100000, 200000, 500000];
const MIN = 100, MAX = 10_000_000; // payments.routes.ts: Money.min(100).max(10_000_000)

interface Pending { id: string; amount: number; at: number }
const readPending = (): Pending | null => { try { return JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as Pending | null; } catch { return null; } };

function TopupSheet({ initial, onClose }: { initial?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial ? String(Math.ceil(initial / 100)) : '');
  const [touched, setTouched] = useState(false);
  // One key per amount asked for: pressing pay twice never opens two top-ups.
  const [key, setKey] = useState(() => newKey('topup'));
  const fen = toFen(value);
  const invalid = fen === null || fen < MIN || fen > MAX;
  const m = useMutation({
    // the gateway's page comes back here once paid (the server accepts reseller-app paths only)
    mutationFn: () => post<Topup>('/reseller/wallet/topups', { amount: fen, returnTo: '/reseller/me?topup=return' }, key),
    onSuccess: (tp) => {
      sessionStorage.setItem(PENDING, JSON.stringify({ id: tp.id, amount: tp.amount, at: Date.now() } satisfies Pending));
      if (tp.payment.payUrl) location.assign(tp.payment.payUrl);
    },
  });
  const change = (v: string) => { setValue(v); setKey(newKey('topup')); };
  return (
    <Sheet title={t('reseller.me.topupTitle')} onClose={onClose} testId="topup-sheet">
      <form className="stack-12" noValidate onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid) m.mutate(); }}>
        <div className="rs-chips">
          {QUICK.map((q) => <button key={q} type="button" className={`rs-chip rs-chip-btn ${fen === q ? 'active' : ''}`} onClick={() => change(String(q / 100))}>{yuan(q)}</button>)}
        </div>
        <label htmlFor="topup-amount">{t('reseller.me.amount')}</label>
        <div className="rs-yuan-input rs-yuan-big"><span aria-hidden>¥</span>
          <input id="topup-amount" inputMode="decimal" value={value} onChange={(e) => change(e.target.value)} aria-invalid={touched && invalid} data-testid="topup-amount" />
        </div>
        {touched && invalid && <span className="field-error">{t('reseller.me.amountInvalid', { min: yuan(MIN), max: yuan(MAX) })}</span>}
        {m.error ? <ErrorState error={m.error} /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending || m.isSuccess} data-testid="topup-submit">
          {m.isPending || m.isSuccess ? t('reseller.me.toGateway') : t('reseller.me.payTopup', { amount: fen && !invalid ? yuan(fen) : '' })}
        </button>
        <p className="hint">{t('reseller.me.gatewayHint')}</p>
      </form>
    </Sheet>
  );
}

/** After the gateway page: poll the top-up until the gateway's notification has credited it. */
function TopupProgress({ pending, onDone }: { pending: Pending; onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [state, setState] = useState<{ status: string; tries: number; error?: unknown; balance?: number }>({ status: 'pending', tries: 0 });
  useEffect(() => {
    let stop = false;
    let tries = 0;
    const tick = async () => {
      if (stop) return;
      tries++;
      try {
        const tp = await get<Topup>(`/reseller/wallet/topups/${pending.id}`);
        if (stop) return;
        setState({ status: tp.status, tries });
        if (tp.status === 'succeeded') {
          sessionStorage.removeItem(PENDING);
          // the balance the toast names is the one read after the credit, not a sum made here
          const profile = await qc.fetchQuery({ queryKey: keys.profile, queryFn: () => get<Profile>('/reseller/me'), staleTime: 0 });
          if (stop) return;
          setState({ status: tp.status, tries, balance: profile.wallet });
          toast(t('reseller.me.topupBalance', { amount: yuan(tp.amount), balance: yuan(profile.wallet) }));
          return;
        }
        if (tp.status === 'failed') { sessionStorage.removeItem(PENDING); return; }
      } catch (error) { if (!stop) setState((s) => ({ ...s, tries, error })); }
      if (tries < 40) setTimeout(() => void tick(), 1500);
    };
    void tick();
    return () => { stop = true; };
  }, [pending.id, qc, t, toast]);
  const pct = state.status === 'succeeded' ? 100 : Math.min(90, 15 + state.tries * 8);
  const giveUp = state.status === 'pending' && state.tries >= 40;
  return (
    <section className="card rs-topup-progress" aria-live="polite" data-testid="topup-progress" data-status={state.status}>
      <div className="row"><b>{t('reseller.me.topupOf', { amount: yuan(pending.amount) })}</b><span className="spacer" />
        <span className={`tag tag-${state.status === 'pending' ? 'pending_payment' : state.status}`}>{t(`reseller.me.topupStatus.${state.status}`, { defaultValue: state.status })}</span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}><span style={{ width: `${pct}%` }} /></div>
      <p className="hint">{state.status === 'pending' ? (giveUp ? t('reseller.me.topupSlow') : t('reseller.me.topupWaiting')) : state.status === 'failed' ? t('reseller.me.topupFailed') : state.balance !== undefined ? <span data-testid="topup-balance">{t('reseller.me.topupNewBalance', { balance: yuan(state.balance) })}</span> : t('reseller.me.topupCredited')}</p>
      {state.error ? <ErrorState error={state.error} /> : null}
      {state.status !== 'pending' || giveUp ? <button type="button" className="btn btn-small" onClick={() => { sessionStorage.removeItem(PENDING); onDone(); }}>{t('common.close')}</button> : null}
    </section>
  );
}

export default function Me() {
  const { t } = useTranslation();
  const profile = useProfile();
  const today = useToday();
  const logout = useLogout();
  const toast = useToast();
  const wanted = (useLocation().state as { topup?: number } | null)?.topup;
  const [topup, setTopup] = useState<boolean>(Boolean(wanted));
  const [pending, setPending] = useState<Pending | null>(readPending);
  const [returnTo, setReturnTo] = useState<string | null>(() => sessionStorage.getItem('rs-return-to'));
  // Back from the gateway with the browser's back button: the page may come from the bfcache.
  useEffect(() => {
    const onShow = () => { setPending(readPending()); setReturnTo(sessionStorage.getItem('rs-return-to')); };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, []);
  return (
    <>
      {pending && <TopupProgress key={pending.id} pending={pending} onDone={() => setPending(null)} />}
      {returnTo && !pending && (
        <div className="card rs-banner">
          <span>{t('reseller.me.backToOrder')}</span>
          <Link className="btn btn-small btn-primary" to={returnTo} onClick={() => { sessionStorage.removeItem('rs-return-to'); setReturnTo(null); }}>{t('reseller.me.continue')}</Link>
        </div>
      )}
      <QueryView q={profile}>
        {(p) => (
          <>
            <section className="card rs-me-head" aria-labelledby="me-name">
              <div className="row">
                <div className="rs-avatar" aria-hidden>{p.reseller.name.slice(0, 1)}</div>
                <div>
                  <h2 id="me-name">{p.reseller.name} <span className="tag tag-level" data-testid="level">{p.reseller.level}</span></h2>
                  <p className="muted num">{p.reseller.phone}</p>
                </div>
              </div>
              <div className="row rs-share-code">
                <span>{t('reseller.me.shareCode')}</span><b className="num" data-testid="share-code">{p.reseller.shareCode}</b>
                <span className="spacer" />
                <button type="button" className="btn btn-small" onClick={() => void copyText(`${window.location.origin}/s/${p.reseller.shareCode}`).then((ok) => toast(ok ? t('reseller.share.copied') : t('reseller.share.copyFailed')))} data-testid="copy-shop">{t('reseller.me.copyShop')}</button>
              </div>
            </section>
            <section className="card rs-wallet" aria-labelledby="wallet-h">
              <h2 id="wallet-h" className="rs-sr-only">{t('reseller.me.wallet')}</h2>
              <div className="rs-wallet-main">
                <span className="muted">{t('reseller.me.wallet')}</span>
                <span className="rs-wallet-amount num" data-testid="wallet-balance" data-fen={p.wallet}>{yuan(p.wallet)}</span>
              </div>
              <button type="button" className="btn btn-primary" onClick={() => setTopup(true)} data-testid="topup-open">{t('reseller.me.topup')}</button>
              <div className="rs-kpis">
                <div><span className="muted">{t('reseller.me.pending')}</span><b className="num" data-testid="earn-pending">{yuan(p.earnings.pending)}</b></div>
                <div><span className="muted">{t('reseller.me.available')}</span><b className="num" data-testid="earn-available">{yuan(p.earnings.available)}</b></div>
              </div>
              <p className="hint">{t('reseller.me.earningsHint')}</p>
            </section>
            <MoneyMenu profile={p} />
          </>
        )}
      </QueryView>
      <section className="card" aria-labelledby="today-h">
        <h2 id="today-h">{t('reseller.me.today')}</h2>
        <QueryView q={today}>
          {(d) => (
            <div className="rs-kpis rs-kpis-3" data-testid="today">
              <div><span className="muted">{t('reseller.me.sales')}</span><b className="num">{yuan(d.sales)}</b></div>
              <div><span className="muted">{t('reseller.me.margin')}</span><b className="num rs-profit">{yuan(d.margin)}</b></div>
              <div><span className="muted">{t('reseller.me.orders')}</span><b className="num">{d.orders}</b></div>
              <div><span className="muted">{t('reseller.me.units')}</span><b className="num">{d.units}</b></div>
              <div><span className="muted">{t('reseller.me.customers')}</span><b className="num">{d.customers}</b></div>
            </div>
          )}
        </QueryView>
      </section>
      <button type="button" className="btn btn-block" onClick={() => void logout()} data-testid="logout">{t('common.logout')}</button>
      {topup && <TopupSheet initial={wanted} onClose={() => setTopup(false)} />}
    </>
  );
}

// 提现: my payout accounts (a bank card, an Alipay account or a WeChat ID; one is the default, any
// may be removed), and a withdrawal from the available balance to one of them. The fee and what
// arrives are the server's (shown once it has taken the request); one idempotency key per amount
// and account asked for, so pressing twice never withdraws twice.
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, newKey, post } from '../../lib/api.ts';
import { toFen, yuan } from '../../lib/money.ts';
import { ErrorState, QueryView } from '../../components/states.tsx';
import { kindName, PAYOUT_KINDS, type PayoutKind } from '../../components/payouts/accounts.ts';
import { keys, moneyKeys, useBalance, usePayoutAccounts, type PayoutAccount, type Withdrawal } from './data.ts';
import { Sheet, useToast } from './ui.tsx';
import { WithdrawalStatus, accountLabel } from './Balance.tsx';
import './money.i18n.ts';
import './membership.css';

function AddAccountSheet({ onClose, onAdded }: { onClose: () => void; onAdded: (a: PayoutAccount) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<PayoutKind>('bank_card');
  const [holderName, setHolder] = useState('');
  const [accountNo, setNo] = useState('');
  const [bankName, setBank] = useState('');
  const [touched, setTouched] = useState(false);
  const local: Record<string, string> = {};
  if (!holderName.trim()) local.holderName = t('reseller.withdraw.err.holder');
  if (kind === 'bank_card' && !/^\d{16,19}$/.test(accountNo.replace(/[\s-]/g, ''))) local.accountNo = t('reseller.withdraw.err.card');
  if (kind !== 'bank_card' && !accountNo.trim()) local.accountNo = t(`reseller.withdraw.err.${kind}`);
  if (kind === 'bank_card' && !bankName.trim()) local.bankName = t('reseller.withdraw.err.bank');
  const m = useMutation({
    mutationFn: () => post<PayoutAccount>('/me/payout-accounts', {
      kind, holderName: holderName.trim(), accountNo: accountNo.trim(), ...(kind === 'bank_card' ? { bankName: bankName.trim() } : {}),
    }),
    onSuccess: onAdded,
  });
  // the server checks more (the card's check digit, an Alipay mobile or email): its words per field
  const server: Record<string, string> = {};
  if (m.error instanceof ApiError) for (const e of m.error.errors) { const f = e.path.replace(/^body\./, ''); if (!server[f]) server[f] = e.message; }
  const shown = (f: string) => (touched ? local[f] : undefined) ?? server[f];
  return (
    <Sheet title={t('reseller.withdraw.addTitle')} onClose={onClose} testId="account-sheet">
      <form className="stack-12" noValidate onSubmit={(e) => { e.preventDefault(); setTouched(true); if (Object.keys(local).length === 0) m.mutate(); }}>
        <div className="rs-chips" role="radiogroup" aria-label={t('reseller.withdraw.kindLabel')}>
          {PAYOUT_KINDS.map((k) => (
            <button key={k} type="button" role="radio" aria-checked={kind === k} className={`rs-chip rs-chip-btn ${kind === k ? 'active' : ''}`} onClick={() => setKind(k)} data-testid={`kind-${k}`}>
              {kindName(t, k)}
            </button>
          ))}
        </div>
        <label>{t('reseller.withdraw.holder')}
          <input name="holderName" autoComplete="name" value={holderName} onChange={(e) => setHolder(e.target.value)} aria-invalid={!!shown('holderName')} />
          {shown('holderName') && <span className="field-error">{shown('holderName')}</span>}
        </label>
        <label>{t(`reseller.withdraw.number.${kind}`)}
          <input name="accountNo" inputMode={kind === 'bank_card' ? 'numeric' : kind === 'alipay' ? 'email' : 'text'} autoComplete="off" value={accountNo} onChange={(e) => setNo(e.target.value)} aria-invalid={!!shown('accountNo')} />
          {shown('accountNo') && <span className="field-error" data-testid="err-accountNo">{shown('accountNo')}</span>}
        </label>
        {kind === 'bank_card' && (
          <label>{t('reseller.withdraw.bank')}
            <input name="bankName" list="rs-banks" value={bankName} onChange={(e) => setBank(e.target.value)} aria-invalid={!!shown('bankName')} />
            <datalist id="rs-banks">{(t('reseller.withdraw.banks', { returnObjects: true }) as string[]).map((b) => <option key={b} value={b} />)}</datalist>
            {shown('bankName') && <span className="field-error">{shown('bankName')}</span>}
          </label>
        )}
        {m.error && !(m.error instanceof ApiError && m.error.code === 'validation_failed' && Object.keys(server).length > 0) ? <ErrorState error={m.error} /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending} data-testid="account-save">{t('reseller.withdraw.save')}</button>
        <p className="hint">{t('reseller.withdraw.accountHint')}</p>
      </form>
    </Sheet>
  );
}

function Accounts({ items, chosen, onChoose }: { items: PayoutAccount[]; chosen: string | null; onChoose: (id: string) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [confirming, setConfirming] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: moneyKeys.accounts });
  const makeDefault = useMutation({ mutationFn: (id: string) => post<PayoutAccount>(`/me/payout-accounts/${id}/default`), onSuccess: async () => { toast(t('reseller.withdraw.defaultSet')); await refresh(); } });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/me/payout-accounts/${id}`), onSuccess: async () => { setConfirming(null); toast(t('reseller.withdraw.removed')); await refresh(); } });
  return (
    <>
      <ul className="rs-plain rs-accounts" role="radiogroup" aria-label={t('reseller.withdraw.toWhich')} data-testid="accounts">
        {items.map((a) => (
          <li key={a.id} className={`rs-account ${chosen === a.id ? 'chosen' : ''}`} data-testid="account" data-kind={a.kind}>
            <label className="rs-account-pick">
              <input type="radio" name="account" checked={chosen === a.id} onChange={() => onChoose(a.id)} />
              <span className="rs-grow">
                <b>{accountLabel(a, t)}</b>
                <small className="muted"> {a.holderName}</small>
              </span>
              {a.isDefault && <span className="tag tag-live" data-testid="account-default">{t('reseller.withdraw.default')}</span>}
            </label>
            <div className="row rs-account-actions">
              {!a.isDefault && <button type="button" className="btn btn-small btn-ghost" onClick={() => makeDefault.mutate(a.id)} disabled={makeDefault.isPending}>{t('reseller.withdraw.makeDefault')}</button>}
              {/* a second tap removes: no dialog over the phone's screen */}
              <button type="button" className={`btn btn-small ${confirming === a.id ? 'rs-danger' : 'btn-ghost'}`} disabled={remove.isPending}
                onClick={() => { if (confirming === a.id) remove.mutate(a.id); else setConfirming(a.id); }}>
                {confirming === a.id ? t('reseller.withdraw.confirmRemove') : t('reseller.withdraw.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      {makeDefault.error ? <ErrorState error={makeDefault.error} /> : null}
      {remove.error ? <ErrorState error={remove.error} /> : null}
    </>
  );
}

/** A refusal in words with its numbers: the limits, or what is available. */
function WithdrawError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError) {
    const b = error.body as { minAmount?: number; maxAmount?: number; dailyCount?: number; available?: number };
    let msg: string | null = null;
    if (error.code === 'available_insufficient' && typeof b.available === 'number') msg = t('reseller.withdraw.err.insufficient', { available: yuan(b.available) });
    else if (error.code === 'withdrawal_not_allowed' && typeof b.minAmount === 'number') msg = t('reseller.withdraw.err.limits', { min: yuan(b.minAmount), max: yuan(b.maxAmount) });
    else if (error.code === 'withdrawal_not_allowed' && typeof b.dailyCount === 'number') msg = t('reseller.withdraw.err.daily', { n: b.dailyCount });
    if (msg) return <div className="state-error rs-join-error" role="alert" data-testid="withdraw-error" data-code={error.code}><p>{msg}</p></div>;
  }
  return <div data-testid="withdraw-error"><ErrorState error={error} /></div>;
}

function Done({ w, account, onAgain }: { w: Withdrawal; account: PayoutAccount | undefined; onAgain: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card rs-result" aria-live="polite" data-testid="withdraw-done" data-id={w.id}>
      <div className="rs-result-icon" aria-hidden>✓</div>
      <h2>{t('reseller.withdraw.doneTitle')}</h2>
      <dl className="rs-dl">
        <dt>{t('reseller.withdraw.amount')}</dt><dd className="num" data-testid="done-amount">{yuan(w.amount)}</dd>
        <dt>{t('reseller.withdraw.fee')}</dt><dd className="num" data-testid="done-fee">{yuan(w.fee)}</dd>
        <dt>{t('reseller.withdraw.net')}</dt><dd className="num rs-profit" data-testid="done-net">{yuan(w.net)}</dd>
        <dt>{t('reseller.withdraw.toWhich')}</dt><dd data-testid="done-account">{accountLabel(w.account ?? account, t)}</dd>
        <dt>{t('reseller.withdraw.statusLabel')}</dt><dd><WithdrawalStatus status={w.status} /></dd>
      </dl>
      <p className="hint">{t('reseller.withdraw.doneHint')}</p>
      <div className="row rs-sheet-buttons">
        <Link className="btn btn-primary rs-grow" to="/reseller/balance" data-testid="done-to-balance">{t('reseller.withdraw.seeList')}</Link>
        <button type="button" className="btn rs-grow" onClick={onAgain}>{t('reseller.withdraw.again')}</button>
      </div>
    </section>
  );
}

export default function Withdraw() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const balance = useBalance();
  const accounts = usePayoutAccounts();
  const [adding, setAdding] = useState(false);
  const [picked, setPicked] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const [key, setKey] = useState(() => newKey('withdraw'));
  const [done, setDone] = useState<Withdrawal | null>(null);
  const items = accounts.data?.items ?? [];
  const chosen = picked && items.some((a) => a.id === picked) ? picked : items.find((a) => a.isDefault)?.id ?? items[0]?.id ?? null;
  const fen = toFen(value);
  const available = balance.data?.available ?? 0;
  const invalid = fen === null || fen <= 0;
  const m = useMutation({
    mutationFn: () => post<Withdrawal>('/me/withdrawals', { amount: fen, payoutAccountId: chosen }, key),
    onSuccess: async (w) => {
      setDone(w);
      await Promise.all([qc.invalidateQueries({ queryKey: moneyKeys.balance }), qc.invalidateQueries({ queryKey: moneyKeys.withdrawals }), qc.invalidateQueries({ queryKey: keys.profile })]);
    },
  });
  // a new amount or account is a new request: a new key
  const change = (v: string) => { setValue(v); setKey(newKey('withdraw')); m.reset(); };
  const choose = (id: string) => { setPicked(id); setKey(newKey('withdraw')); m.reset(); };
  if (done) return <Done w={done} account={items.find((a) => a.id === done.payoutAccountId)} onAgain={() => { setDone(null); change(''); setTouched(false); }} />;
  return (
    <>
      <section className="card" aria-labelledby="accounts-h">
        <div className="row"><h2 id="accounts-h" className="rs-grow">{t('reseller.withdraw.accountsTitle')}</h2>
          <button type="button" className="btn btn-small" onClick={() => setAdding(true)} data-testid="add-account">{t('reseller.withdraw.add')}</button>
        </div>
        <QueryView q={accounts}>
          {(d) => d.items.length === 0 ? <p className="muted" data-testid="no-accounts">{t('reseller.withdraw.noAccounts')}</p> : <Accounts items={d.items} chosen={chosen} onChoose={choose} />}
        </QueryView>
      </section>
      <section className="card" aria-labelledby="wd-form-h">
        <h2 id="wd-form-h">{t('reseller.withdraw.formTitle')}</h2>
        <form className="stack-12" noValidate onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!invalid && chosen) m.mutate(); }}>
          <label htmlFor="wd-amount">{t('reseller.withdraw.amountLabel')}</label>
          <div className="row rs-wd-amount">
            <div className="rs-yuan-input rs-yuan-big rs-grow"><span aria-hidden>¥</span>
              <input id="wd-amount" inputMode="decimal" value={value} onChange={(e) => change(e.target.value)} aria-invalid={touched && invalid} data-testid="withdraw-amount" />
            </div>
            <button type="button" className="btn btn-small" onClick={() => change((available / 100).toFixed(2))} disabled={available <= 0} data-testid="withdraw-all">{t('reseller.withdraw.all')}</button>
          </div>
          <p className="muted">{balance.data ? <>{t('reseller.withdraw.availableNow')}<b className="num" data-testid="withdraw-available" data-fen={available}>{yuan(available)}</b></> : '\u00a0'}</p>
          {touched && invalid && <span className="field-error">{t('reseller.withdraw.err.amount')}</span>}
          {touched && !chosen && <span className="field-error">{t('reseller.withdraw.err.noAccount')}</span>}
          {m.error ? <WithdrawError error={m.error} /> : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending} data-testid="withdraw-submit">
            {m.isPending ? t('reseller.withdraw.submitting') : t('reseller.withdraw.submit', { amount: fen && !invalid ? yuan(fen) : '' })}
          </button>
          <p className="hint">{t('reseller.withdraw.feeHint')}</p>
        </form>
      </section>
      {adding && <AddAccountSheet onClose={() => setAdding(false)} onAdded={(a) => { setAdding(false); toast(t('reseller.withdraw.added')); setPicked(a.id); void qc.invalidateQueries({ queryKey: moneyKeys.accounts }); }} />}
    </>
  );
}

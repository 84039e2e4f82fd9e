// 红包: buy a batch of red packets from the wallet, gift them to customers from the address book
// or copy a claim link for a chat, and see which were used and which expired (money returned).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, newKey, post } from '../../lib/api.ts';
import { toFen, yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { keys, useCustomers, useProfile, type Customer } from './data.ts';
import { Sheet, copyText, formatTime, useToast } from './ui.tsx';
import './promotions.i18n.ts';
import './review.i18n.ts';
import './red-packets.css';

type PacketStatus = 'issued' | 'gifted' | 'used' | 'expired';
interface Packet { id: string; code: string; amount: number; minSpend: number; status: PacketStatus; customerId: string | null; orderId: string | null; usedAt: string | null; expiresAt: string; link: string }
interface Batch { id: string; title: string; amountEach: number; count: number; minSpend: number; expiresAt: string; createdAt: string; total: number; counts: Record<PacketStatus, number>; packets: Packet[] }

const KEY = ['reseller', 'red-packets'] as const;
const useBatches = () => useQuery({ queryKey: KEY, queryFn: ({ signal }) => get<{ items: Batch[] }>('/reseller/red-packets', signal).then((r) => r.items) });

function BuySheet({ wallet, onClose }: { wallet: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const [f, setF] = useState({ title: t('reseller.rp.titleDefault'), amount: '10', count: '10', minSpend: '99', days: '7' });
  const [touched, setTouched] = useState(false);
  // One key per batch asked for: tapping pay twice never buys twice.
  const [key, setKey] = useState(() => newKey('rp'));
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => { setF({ ...f, [k]: e.target.value }); setKey(newKey('rp')); };
  const amount = toFen(f.amount);
  const minSpend = f.minSpend.trim() === '' ? 0 : toFen(f.minSpend);
  const count = Number(f.count);
  const days = Number(f.days);
  const errors: Record<string, string> = {};
  if (!f.title.trim() || f.title.trim().length > 40) errors.title = 'title';
  if (amount === null || amount < 1 || amount > 100_000) errors.amount = 'amount';
  if (!Number.isInteger(count) || count < 1 || count > 500) errors.count = 'count';
  if (minSpend === null) errors.minSpend = 'minSpend';
  if (!Number.isInteger(days) || days < 1 || days > 90) errors.days = 'days';
  const total = !errors.amount && !errors.count ? amount! * count : null;
  const m = useMutation({
    mutationFn: () => post<Batch>('/reseller/red-packets', { title: f.title.trim(), amountEach: amount, count, minSpend, validDays: days }, key),
    onSuccess: async (b) => {
      toast(t(b.minSpend ? 'reseller.rp.boughtDetail' : 'reseller.rp.boughtNoMin', { count: b.count, amount: yuan(b.amountEach), min: yuan(b.minSpend) }));
      await Promise.all([qc.invalidateQueries({ queryKey: KEY }), qc.invalidateQueries({ queryKey: keys.profile })]);
      onClose();
    },
  });
  const field = (k: keyof typeof f, label: string, err: string | undefined, mode: 'decimal' | 'numeric' | undefined) => (
    <div className="rs-field">
      <label htmlFor={`rp-${k}`}>{label}</label>
      <input id={`rp-${k}`} value={f[k]} onChange={set(k)} inputMode={mode} aria-invalid={touched && Boolean(err)} data-testid={`rp-${k}`} />
      {touched && err && <span className="field-error">{t(`reseller.rp.err.${err}`)}</span>}
    </div>
  );
  return (
    <Sheet title={t('reseller.rp.buyTitle')} onClose={onClose} testId="rp-buy-sheet">
      <form className="stack-12" noValidate onSubmit={(e) => { e.preventDefault(); setTouched(true); if (!Object.keys(errors).length) m.mutate(); }}>
        {field('title', t('reseller.rp.title'), errors.title, undefined)}
        <div className="rs-grid-2">
          {field('amount', t('reseller.rp.amountEach'), errors.amount, 'decimal')}
          {field('count', t('reseller.rp.count'), errors.count, 'numeric')}
          {field('minSpend', t('reseller.rp.minSpend'), errors.minSpend, 'decimal')}
          {field('days', t('reseller.rp.validDays'), errors.days, 'numeric')}
        </div>
        {total !== null && <p className="rp-total" data-testid="rp-total">{t('reseller.rp.total', { amount: yuan(total) })}{wallet !== undefined && <span className="muted"> · {t('reseller.rp.wallet')} {yuan(wallet)}</span>}</p>}
        <p className="hint">{t('reseller.rp.buyHint')}</p>
        {m.error ? <ErrorState error={m.error} /> : null}
        <button type="submit" className="btn btn-primary btn-block" disabled={m.isPending} data-testid="rp-buy-submit">{t('reseller.rp.pay', { amount: total !== null ? yuan(total) : '' })}</button>
      </form>
    </Sheet>
  );
}

function GiftSheet({ batch, onClose }: { batch: Batch; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const customers = useCustomers('');
  const [picked, setPicked] = useState<string[]>([]);
  const [touched, setTouched] = useState(false);
  const left = batch.counts.issued;
  const already = new Set(batch.packets.map((p) => p.customerId).filter(Boolean));
  const items = customers.data?.pages.flatMap((p) => p.items) ?? [];
  const m = useMutation({
    mutationFn: () => post<Batch>(`/reseller/red-packets/${batch.id}/gift`, { customerIds: picked }),
    onSuccess: async () => {
      toast(t(batch.minSpend ? 'reseller.rp.giftedDetail' : 'reseller.rp.giftedNoMin', { count: picked.length, amount: yuan(batch.amountEach), min: yuan(batch.minSpend) }));
      await qc.invalidateQueries({ queryKey: KEY });
      onClose();
    },
  });
  const toggle = (c: Customer) => setPicked((p) => p.includes(c.id) ? p.filter((x) => x !== c.id) : p.length < left ? [...p, c.id] : p);
  return (
    <Sheet title={t('reseller.rp.giftTitle')} onClose={onClose} testId="rp-gift-sheet">
      <p className="hint">{t('reseller.rp.giftHint', { n: left - picked.length })}</p>
      {customers.isPending ? <Loading /> : customers.error ? <ErrorState error={customers.error} /> : (
        <ul className="rs-list rs-plain rp-pick">
          {items.map((c) => (
            <li key={c.id}>
              <label className="rp-pick-row" data-testid="rp-gift-customer">
                <input type="checkbox" checked={picked.includes(c.id)} onChange={() => toggle(c)} disabled={!picked.includes(c.id) && picked.length >= left} />
                <b className="rp-pick-name">{c.name}</b><span className="muted num">{c.phone}</span>
                {already.has(c.id) && <span className="tag">{t('reseller.rp.status.gifted')}</span>}
              </label>
            </li>
          ))}
        </ul>
      )}
      {customers.hasNextPage && <button type="button" className="btn btn-block" onClick={() => void customers.fetchNextPage()}>{t('common.more')}</button>}
      {touched && picked.length === 0 && <span className="field-error">{t('reseller.rp.err.pick')}</span>}
      {m.error ? <ErrorState error={m.error} /> : null}
      <button type="button" className="btn btn-primary btn-block" disabled={m.isPending} onClick={() => { setTouched(true); if (picked.length) m.mutate(); }} data-testid="rp-gift-submit">
        {t('reseller.rp.giftSubmit', { n: picked.length })}
      </button>
    </Sheet>
  );
}

function BatchCard({ batch, names }: { batch: Batch; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [gifting, setGifting] = useState(false);
  const [open, setOpen] = useState(false);
  const next = batch.packets.find((p) => p.status === 'issued');
  const copy = (p: Packet) => void copyText(p.link).then((ok) => toast(ok ? t('reseller.rp.copied') : t('reseller.rp.copyFailed')));
  return (
    <li className="card rp-batch" data-testid="rp-batch">
      <div className="rp-batch-head">
        <div className="rp-envelope" aria-hidden>{yuan(batch.amountEach)}</div>
        <div className="rs-grow">
          <b>{batch.title}</b>
          <p className="muted small">{t('reseller.rp.each', { amount: yuan(batch.amountEach) })} · {batch.minSpend ? t('reseller.rp.min', { amount: yuan(batch.minSpend) }) : t('reseller.rp.noMin')}</p>
          <p className="muted small">{t('reseller.rp.expires', { time: formatTime(batch.expiresAt, i18n.language) })}</p>
        </div>
      </div>
      <div className="rp-counts" data-testid="rp-counts">
        {(['issued', 'gifted', 'used', 'expired'] as const).map((s) => (
          <div key={s} data-status={s}><b className="num">{batch.counts[s]}</b><span className="muted small">{t(`reseller.rp.counts.${s}`)}</span></div>
        ))}
      </div>
      <div className="row">
        <button type="button" className="btn btn-primary btn-small" disabled={!next} onClick={() => setGifting(true)} data-testid="rp-gift-open">{t('reseller.rp.gift')}</button>
        <button type="button" className="btn btn-small" disabled={!next} onClick={() => next && copy(next)} data-testid="rp-copy">{t('reseller.rp.copyLink')}</button>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setOpen(!open)} aria-expanded={open}>{open ? t('reseller.rp.hidePackets') : t('reseller.rp.showPackets')}</button>
      </div>
      {!next && <p className="hint">{t('reseller.rp.noneLeft')}</p>}
      {open && (
        <ul className="rs-plain rp-packets">
          {batch.packets.map((p) => (
            <li key={p.id} className="row" data-testid="rp-packet" data-status={p.status}>
              <span className="mono">{p.code}</span>
              <span className={`tag rp-tag-${p.status}`}>{t(`reseller.rp.status.${p.status}`)}</span>
              {p.customerId && <span className="small">{t('reseller.rp.to', { name: names.get(p.customerId) ?? '…' })}</span>}
              <span className="spacer" />
              {(p.status === 'issued' || p.status === 'gifted') && <button type="button" className="btn btn-ghost btn-small" onClick={() => copy(p)}>{t('reseller.rp.copyLink')}</button>}
            </li>
          ))}
        </ul>
      )}
      {gifting && <GiftSheet batch={batch} onClose={() => setGifting(false)} />}
    </li>
  );
}

export default function RedPackets() {
  const { t } = useTranslation();
  const profile = useProfile();
  const batches = useBatches();
  const customers = useCustomers('');
  const [buying, setBuying] = useState(false);
  const names = new Map((customers.data?.pages.flatMap((p) => p.items) ?? []).map((c) => [c.id, c.name]));
  return (
    <>
      <section className="card row rp-wallet">
        <div><span className="muted">{t('reseller.rp.wallet')}</span><b className="num rs-wallet-amount" data-testid="rp-wallet">{profile.data ? yuan(profile.data.wallet) : '—'}</b></div>
        <span className="spacer" />
        <button type="button" className="btn btn-primary" onClick={() => setBuying(true)} data-testid="rp-buy-open">{t('reseller.rp.buy')}</button>
      </section>
      {batches.isPending ? <Loading /> : batches.error ? <ErrorState error={batches.error} onRetry={() => batches.refetch()} /> : batches.data.length === 0 ? <Empty>{t('reseller.rp.none')}</Empty> : (
        <ul className="rs-list rs-plain">{batches.data.map((b) => <BatchCard key={b.id} batch={b} names={names} />)}</ul>
      )}
      {buying && <BuySheet wallet={profile.data?.wallet} onClose={() => setBuying(false)} />}
    </>
  );
}

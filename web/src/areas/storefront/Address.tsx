// Delivery address helpers at checkout: the consumer's saved addresses (their phone proven by the
// order links this browser keeps, as 我的订单 does), a pasted message read into the fields
// (粘贴地址自动识别), and a 省/市/区 picker whose divisions load only when it is opened.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post } from '../../lib/api.ts';
import { savedToken, useSavedOrders, type ConsumerForm } from './data.ts';
import { Sheet } from './Cart.tsx';
import './addresses.i18n.ts';

export interface SavedAddress { id: string; name: string; phone: string; province: string; city: string; district: string; detail: string; lastUsedAt: string; provenBy: string }
interface Division { code: string; name: string; leaf: boolean }
interface ReadAddress { name: string; phone: string; address: { province: string; city: string; district: string; detail: string }; issues: string[] }

const savedKey = (code: string) => ['sf', code, 'saved-addresses'] as const;

/** The proofs this browser holds: the order links it saved, newest first (the server takes ten). */
function useProofs(code: string) {
  return useSavedOrders(code).slice(0, 10).map((o) => ({ orderId: o.orderId, token: o.token }));
}

export function useSavedAddresses(code: string) {
  const proofs = useProofs(code);
  return useQuery({
    queryKey: [...savedKey(code), proofs.map((p) => p.orderId).join(',')],
    enabled: proofs.length > 0,
    staleTime: 60_000,
    queryFn: async () => (await post<{ items: SavedAddress[] }>('/storefront/addresses/search', { proofs })).items,
  });
}

/** After an order is placed: keep its recipient and address for the next checkout. Never blocks paying. */
export async function rememberAddress(orderId: string, token: string): Promise<void> {
  try { await post('/storefront/addresses', { orderId, token }); } catch { /* a convenience: the order stands either way */ }
}

const sameAs = (a: SavedAddress, f: ConsumerForm) => a.name === f.name.trim() && a.phone === f.phone.trim() && a.province === f.province.trim() && a.city === f.city.trim() && a.district === f.district.trim() && a.detail === f.detail.trim();

export function SavedAddresses({ code, form, onUse }: { code: string; form: ConsumerForm; onUse: (f: ConsumerForm) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useSavedAddresses(code);
  const [asking, setAsking] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const items = q.data ?? [];
  if (items.length === 0) return null;
  async function remove(a: SavedAddress) {
    const token = savedToken(code, a.provenBy);
    if (!token) return;
    await api('DELETE', `/storefront/addresses/${a.id}?orderId=${encodeURIComponent(a.provenBy)}&token=${encodeURIComponent(token)}`);
    setAsking(null);
    setNote(t('storefront.address.removed'));
    await qc.invalidateQueries({ queryKey: savedKey(code) });
  }
  return (
    <div className="sf-saved" data-testid="saved-addresses">
      <h3 className="sf-saved-title">{t('storefront.address.saved')}</h3>
      {note && <p className="hint" role="status">{note}</p>}
      <ul className="sf-saved-list">
        {items.map((a) => {
          const current = sameAs(a, form);
          return (
            <li key={a.id} className={`sf-saved-item ${current ? 'sf-saved-current' : ''}`} data-testid="saved-address">
              <button type="button" className="sf-saved-use" onClick={() => onUse({ name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail })}
                aria-pressed={current} data-testid="saved-address-use">
                <span className="sf-saved-who"><b>{a.name}</b> <span className="num">{a.phone}</span>{current && <span className="sf-saved-tag">{t('storefront.address.inUse')}</span>}</span>
                <span className="sf-saved-where">{a.province}{a.city !== a.province ? a.city : ''}{a.district} {a.detail}</span>
              </button>
              {asking === a.id ? (
                <span className="sf-saved-confirm">
                  <button type="button" className="btn btn-small" onClick={() => setAsking(null)}>{t('storefront.address.cancel')}</button>
                  <button type="button" className="btn btn-small btn-primary" onClick={() => void remove(a)} data-testid="saved-address-remove-confirm">{t('storefront.address.removeConfirm')}</button>
                </span>
              ) : (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setAsking(a.id)} data-testid="saved-address-remove">{t('storefront.address.remove')}</button>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function PasteAddress({ onFill }: { onFill: (patch: Partial<ConsumerForm>) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; issues: string[] } | null>(null);
  async function recognise() {
    if (!text.trim()) return;
    setBusy(true);
    try {
      const r = await post<ReadAddress>('/addresses/parse', { text: text.trim().slice(0, 500) });
      const patch: Partial<ConsumerForm> = {};
      if (r.name) patch.name = r.name;
      if (r.phone) patch.phone = r.phone;
      for (const k of ['province', 'city', 'district', 'detail'] as const) if (r.address[k]) patch[k] = r.address[k];
      onFill(patch);
      setResult({ ok: true, issues: r.issues });
    } catch {
      setResult({ ok: false, issues: [] });
    } finally {
      setBusy(false);
    }
  }
  if (!open) return <button type="button" className="btn btn-small sf-paste-open" onClick={() => setOpen(true)} data-testid="paste-open">{t('storefront.address.paste')}</button>;
  return (
    <div className="sf-paste" data-testid="paste-address">
      <label className="sf-field">
        <span>{t('storefront.address.pasteHint')}</span>
        <textarea rows={3} value={text} maxLength={500} onChange={(e) => setText(e.target.value)} placeholder={t('storefront.address.pastePlaceholder')} data-testid="paste-text" />
      </label>
      <button type="button" className="btn btn-small" onClick={() => void recognise()} disabled={busy || !text.trim()} data-testid="paste-recognise">{t('storefront.address.recognise')}</button>
      {result && (
        <div className="sf-paste-result" role="status" data-testid="paste-result">
          <p className={result.ok ? 'hint' : 'field-error'}>{result.ok ? t('storefront.address.recognised') : t('storefront.address.recogniseFailed')}</p>
          {result.issues.length > 0 && <ul className="sf-paste-issues">{result.issues.map((i) => <li key={i}>{t(`storefront.address.issues.${i}`, { defaultValue: i })}</li>)}</ul>}
        </div>
      )}
    </div>
  );
}

/** Province → city → district, one list at a time; each list is a small cached request. */
export function RegionPicker({ onPick }: { onPick: (r: { province: string; city: string; district: string }) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState<Division[]>([]);
  const parent = path[path.length - 1];
  const level = (['province', 'city', 'district'] as const)[path.length] ?? 'district';
  const q = useQuery({
    queryKey: ['divisions', parent?.code ?? ''],
    enabled: open,
    staleTime: Infinity,
    queryFn: ({ signal }) => get<{ items: Division[] }>(parent ? `/divisions/${parent.code}` : '/divisions', signal),
  });
  function choose(d: Division) {
    const next = [...path, d];
    if (d.leaf || next.length === 3) {
      const [p, c, dd] = next;
      onPick({ province: p.name, city: (c ?? p).name, district: (dd ?? c ?? p).name });
      setOpen(false); setPath([]);
    } else setPath(next);
  }
  return (
    <>
      <button type="button" className="btn btn-small sf-region-open" onClick={() => setOpen(true)} data-testid="region-open">{t('storefront.address.pick')}</button>
      {open && (
        <Sheet title={t('storefront.address.pickTitle')} onClose={() => { setOpen(false); setPath([]); }} testId="region-picker">
          <nav className="sf-region-path" aria-label={t('storefront.address.pickTitle')}>
            {path.length > 0 && <button type="button" className="btn btn-small btn-ghost" onClick={() => setPath(path.slice(0, -1))} data-testid="region-back">‹ {t('storefront.address.back')}</button>}
            <span className="sf-region-crumbs">{path.map((d) => d.name).join(' / ')}{path.length ? ' / ' : ''}<b>{t(`storefront.address.${level}`)}</b></span>
          </nav>
          {q.isPending ? <p className="state">{t('storefront.address.loading')}</p>
            : q.error ? <p className="state state-error">{t('storefront.address.loadFailed')}</p>
            : (
              <ul className="sf-region-list">
                {q.data.items.map((d) => (
                  <li key={d.code}><button type="button" className="sf-region-item" onClick={() => choose(d)} data-testid="region-item">{d.name}</button></li>
                ))}
              </ul>
            )}
        </Sheet>
      )}
    </>
  );
}

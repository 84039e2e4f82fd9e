// 仓库 · 波次详情: a sorting wave's pick list by bin (printable: the picker's walk), its parcels
// (recipient with the phone masked, address, items, weight, n/N, status, waybill), the labels PDF,
// packing a parcel by scanning its items (what is still missing or extra is shown before it is
// sent), and handing packed parcels over to the carrier.
import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Printer, FileText, ScanLine, Truck } from 'lucide-react';
import { get, post } from '../../lib/api.ts';
import { maskPhone } from '../../lib/phone.ts';
import { QueryView } from '../../components/states.tsx';
import { Drawer, FormError } from './ui.tsx';
import { fmtDateTime } from './lib.ts';
import { addressText, kg, packCheck, wk, type Parcel, type ParcelLine, type SkuTag, type WaveDetail } from './warehouse.ts';
import { ParcelStatusTag, SkuCell } from './WarehouseParts.tsx';
import './warehouse.i18n.ts';
import './warehouse.css';

const tagText = (tag: SkuTag | null | undefined, skuId: string) => (tag ? `${tag.name} ${tag.colour}/${tag.size}` : skuId);

function PackDrawer({ parcel, onClose, onPacked }: { parcel: Parcel; onClose: () => void; onPacked: (p: Parcel) => void }) {
  const { t } = useTranslation();
  const [scanned, setScanned] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // The code a unit is scanned by (its barcode, or its SKU code when the lot gave none).
  const codeOf = (l: ParcelLine) => l.sku?.barcode || l.skuId;
  const check = packCheck(parcel, codeOf, scanned);
  const m = useMutation({ mutationFn: () => post<Parcel>(`/warehouse/parcels/${parcel.id}/pack`, { barcodes: scanned }), onSuccess: onPacked });
  const nameByCode = new Map(parcel.lines.map((l) => [codeOf(l), l.sku]));
  const add = () => {
    const c = code.trim();
    if (c) setScanned((s) => [...s, c]);
    setCode('');
    input.current?.focus();
  };
  const packed = m.data;
  return (
    <Drawer title={t('console.wh.pack.title', { parcelNo: parcel.parcelNo })} onClose={onClose} testId="pack-drawer">
      <div className="stack">
        <dl className="facts">
          <dt>{t('console.wh.parcel.recipient')}</dt><dd>{parcel.recipient} <span className="muted">{maskPhone(parcel.phone)}</span></dd>
          <dt>{t('console.wh.parcel.address')}</dt><dd>{addressText(parcel.address)}</dd>
          <dt>{t('console.wh.parcel.items')}</dt><dd>{t('console.wh.unitsN', { count: parcel.items })} · {kg(parcel.weightGrams)} kg{parcel.seqOf > 1 ? ` · ${t('console.wh.parcel.seq', { seq: parcel.seq, of: parcel.seqOf })}` : ''}</dd>
        </dl>
        {packed ? (
          <div className="wh-ok stack" role="status" data-testid="pack-done">
            <strong>{t('console.wh.pack.done')}</strong>
            <span>{t('console.wh.parcel.waybill')}: <span className="mono" data-testid="pack-waybill">{packed.waybillNo ?? '—'}</span> · {t(`console.wh.carrier.${packed.carrier ?? 'none'}`, { defaultValue: packed.carrier ?? '' })}</span>
            <div className="row end"><button type="button" className="btn btn-primary" onClick={onClose} data-testid="pack-close">{t('common.close')}</button></div>
          </div>
        ) : (
          <>
            <p className="hint">{t('console.wh.pack.hint')}</p>
            <div className="wh-scan-row">
              <label className="grow">{t('console.wh.recv.barcode')}
                <input ref={input} autoFocus value={code} onChange={(e) => setCode(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); add(); } }}
                  className="wh-scan-input" autoComplete="off" spellCheck={false} placeholder={t('console.wh.recv.scanPlaceholder')} data-testid="pack-input" />
              </label>
              <button type="button" className="btn" onClick={add}>{t('console.wh.pack.add')}</button>
            </div>
            <table className="table" data-testid="pack-rows">
              <thead><tr><th>{t('console.wh.sku')}</th><th>{t('console.wh.recv.barcode')}</th><th className="num">{t('console.wh.pack.want')}</th><th className="num">{t('console.wh.pack.got')}</th><th>{t('console.common.status')}</th></tr></thead>
              <tbody>
                {check.rows.map((r) => {
                  const state = r.want === 0 ? 'extra' : r.got < r.want ? 'missing' : r.got > r.want ? 'extra' : 'ok';
                  const tag = nameByCode.get(r.code);
                  return (
                    <tr key={r.code} className={`wh-pack-${state}`} data-testid="pack-row" data-code={r.code} data-state={state}>
                      <td>{r.skuId ? <SkuCell tag={tag} skuId={r.skuId} /> : <span className="muted">{t('console.wh.pack.notInParcel')}</span>}</td>
                      <td className="mono">{r.code}</td>
                      <td className="num">{r.want}</td>
                      <td className="num strong">{r.got}</td>
                      <td>{t(`console.wh.pack.state.${state}`, { n: Math.abs(r.want - r.got) })}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <p className={check.exact ? 'wh-ok' : 'notice'} role="status" data-testid="pack-summary">
              {check.exact ? t('console.wh.pack.exact') : t('console.wh.pack.summary', { missing: check.missing, extra: check.extra })}
            </p>
            <FormError error={m.error} />
            <div className="row end">
              <button type="button" className="btn btn-ghost" disabled={scanned.length === 0} onClick={() => setScanned((s) => s.slice(0, -1))} data-testid="pack-undo">{t('console.wh.pack.undo')}</button>
              <button type="button" className="btn btn-ghost" disabled={scanned.length === 0} onClick={() => setScanned([])}>{t('console.wh.pack.clear')}</button>
              <button type="button" className="btn btn-primary" disabled={!check.exact || m.isPending} onClick={() => m.mutate()} data-testid="pack-submit">
                {m.isPending ? t('console.common.saving') : t('console.wh.pack.submit')}
              </button>
            </div>
          </>
        )}
      </div>
    </Drawer>
  );
}

export default function WavePage() {
  const { t, i18n } = useTranslation();
  const { waveId = '' } = useParams();
  const qc = useQueryClient();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const q = useQuery({ queryKey: [...wk.wave(waveId), lang], queryFn: ({ signal }) => get<WaveDetail>(`/warehouse/waves/${waveId}?lang=${lang}`, signal) });
  const [packing, setPacking] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const refresh = () => qc.invalidateQueries({ queryKey: wk.wave(waveId) });
  const handOver = useMutation({
    mutationFn: (ids: string[]) => post<{ shipped: { id: string; parcelNo: string; waybillNo: string | null }[] }>('/warehouse/hand-over', { parcelIds: ids }),
    onSuccess: () => { setSelected(new Set()); void refresh(); void qc.invalidateQueries({ queryKey: ['console', 'orders'] }); },
  });
  const parcels = useMemo(() => q.data?.parcels ?? [], [q.data]);
  const packedIds = parcels.filter((p) => p.status === 'packed').map((p) => p.id);
  const toggle = (id: string) => setSelected((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const open = parcels.find((p) => p.id === packing);
  return (
    <QueryView q={q}>
      {({ wave, picks }) => {
        const count = (s: Parcel['status']) => parcels.filter((p) => p.status === s).length;
        const chosen = [...selected].filter((id) => packedIds.includes(id));
        return (
          <>
            <div className="page-head wh-no-print">
              <div className="title-group">
                <Link to="/console/warehouse/waves" className="btn btn-ghost btn-small">‹ {t('console.wh.waves.title')}</Link>
                <h1 className="mono" data-testid="wave-title">{wave.waveNo}</h1>
                <span className="muted">{fmtDateTime(wave.createdAt)}</span>
              </div>
              <button type="button" className="btn" onClick={() => window.print()} data-testid="pick-print"><Printer size={16} aria-hidden />{t('console.wh.wave.print')}</button>
              <a className="btn" href={`/api/v1/warehouse/waves/${wave.id}/labels.pdf`} target="_blank" rel="noopener" data-testid="labels-pdf"><FileText size={16} aria-hidden />{t('console.wh.wave.labels')}</a>
            </div>
            <div className="kpis wh-no-print">
              <div className="kpi"><div className="label">{t('console.wh.waves.parcels')}</div><div className="value">{wave.parcels}</div></div>
              <div className="kpi"><div className="label">{t('console.wh.units')}</div><div className="value">{wave.units}</div></div>
              <div className="kpi"><div className="label">{t('console.wh.parcelStatus.packing')}</div><div className="value" data-testid="count-packing">{count('packing')}</div></div>
              <div className="kpi"><div className="label">{t('console.wh.parcelStatus.packed')}</div><div className="value" data-testid="count-packed">{count('packed')}</div></div>
              <div className="kpi"><div className="label">{t('console.wh.parcelStatus.shipped')}</div><div className="value" data-testid="count-shipped">{count('shipped') + count('delivered')}</div></div>
            </div>
            <section className="card flush wh-print-area" aria-labelledby="pick-h" data-testid="pick-list">
              <div className="card-head pad">
                <h2 id="pick-h">{t('console.wh.wave.pickList')}</h2>
                <span className="muted wh-print-only">{wave.waveNo} · {fmtDateTime(wave.createdAt)}</span>
                <span className="hint wh-no-print">{t('console.wh.wave.pickHint')}</span>
              </div>
              <table className="table wh-pick">
                <thead><tr><th className="wh-tick" aria-label={t('console.wh.wave.picked')} /><th>{t('console.wh.bin')}</th><th>{t('console.wh.sku')}</th><th>{t('console.wh.recv.barcode')}</th><th className="num">{t('console.wh.units')}</th><th className="num">{t('console.wh.waves.parcels')}</th></tr></thead>
                <tbody>
                  {picks.map((p) => (
                    <tr key={`${p.bin}-${p.skuId}`} data-testid="pick-row" data-bin={p.bin}>
                      <td className="wh-tick"><span className="wh-box" aria-hidden /></td>
                      <td className="mono strong wh-bin">{p.bin || '—'}</td>
                      <td><SkuCell tag={p.sku} skuId={p.skuId} /></td>
                      <td className="mono">{p.sku?.barcode ?? ''}</td>
                      <td className="num strong" data-testid="pick-units">{p.units}</td>
                      <td className="num">{p.parcels}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot><tr className="wh-totals"><th colSpan={4}>{t('console.wh.total')}</th><th className="num">{picks.reduce((a, p) => a + p.units, 0)}</th><th /></tr></tfoot>
              </table>
            </section>
            <section className="card flush wh-no-print" aria-labelledby="parcels-h" data-testid="parcels">
              <div className="card-head pad">
                <h2 id="parcels-h">{t('console.wh.wave.parcels')}</h2>
                <button type="button" className="btn btn-ghost btn-small" disabled={packedIds.length === 0} onClick={() => setSelected(new Set(chosen.length === packedIds.length ? [] : packedIds))} data-testid="select-packed">
                  {chosen.length === packedIds.length && packedIds.length > 0 ? t('console.wh.wave.selectNone') : t('console.wh.wave.selectPacked', { count: packedIds.length })}
                </button>
                <button type="button" className="btn btn-primary" disabled={chosen.length === 0 || handOver.isPending} onClick={() => handOver.mutate(chosen)} data-testid="hand-over">
                  <Truck size={16} aria-hidden />{t('console.wh.wave.handOver', { count: chosen.length })}
                </button>
              </div>
              {handOver.data && (
                <p className="wh-ok pad-x" role="status" data-testid="hand-over-result">
                  {t('console.wh.wave.handedOver', { count: handOver.data.shipped.length })} {handOver.data.shipped.map((s) => s.waybillNo ?? s.parcelNo).join('、')}
                </p>
              )}
              {handOver.error ? <div className="pad-x"><FormError error={handOver.error} /></div> : null}
              <table className="table">
                <thead><tr>
                  <th className="wh-tick"><span className="visually-hidden">{t('console.wh.wave.choose')}</span></th>
                  <th>{t('console.wh.parcel.no')}</th><th>{t('console.wh.parcel.recipient')}</th><th>{t('console.wh.parcel.address')}</th><th>{t('console.wh.parcel.items')}</th>
                  <th className="num nowrap">{t('console.wh.parcel.weight')}</th><th className="num">n/N</th><th className="nowrap">{t('console.common.status')}</th><th className="nowrap">{t('console.wh.parcel.waybill')}</th><th />
                </tr></thead>
                <tbody>
                  {parcels.map((p) => (
                    <tr key={p.id} data-testid="parcel-row" data-id={p.id} data-status={p.status} className={selected.has(p.id) ? 'selected' : undefined}>
                      <td className="wh-tick">
                        {p.status === 'packed' && <input type="checkbox" checked={selected.has(p.id)} onChange={() => toggle(p.id)} aria-label={t('console.wh.wave.chooseParcel', { parcelNo: p.parcelNo })} data-testid="parcel-select" />}
                      </td>
                      <td className="mono">{p.parcelNo}{p.oversize && <div><span className="tag tag-warn">{t('console.wh.parcel.oversize')}</span></div>}</td>
                      <td>{p.recipient}<div className="muted small" data-testid="parcel-phone">{maskPhone(p.phone)}</div></td>
                      <td className="wh-address">{addressText(p.address)}</td>
                      <td><ul className="wh-plain small">{p.lines.map((l) => <li key={l.orderLineId}>{tagText(l.sku, l.skuId)} × {l.quantity}{l.orderNo && <span className="muted mono"> · {l.orderNo}</span>}</li>)}</ul></td>
                      <td className="num nowrap">{kg(p.weightGrams)} kg</td>
                      <td className="num">{p.seq}/{p.seqOf}</td>
                      <td className="nowrap"><ParcelStatusTag status={p.status} /></td>
                      <td className="mono" data-testid="parcel-waybill">{p.waybillNo ?? '—'}</td>
                      <td className="actions">{p.status === 'packing' && <button type="button" className="btn btn-small" onClick={() => setPacking(p.id)} data-testid="pack-open"><ScanLine size={14} aria-hidden />{t('console.wh.pack.open')}</button>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            {open && <PackDrawer parcel={open} onClose={() => setPacking(null)} onPacked={() => void refresh()} />}
          </>
        );
      }}
    </QueryView>
  );
}

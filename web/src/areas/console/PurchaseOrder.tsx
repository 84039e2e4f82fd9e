// 仓库 · 采购单详情与收货: a purchase order's lines with running counts (ordered, received,
// damaged, short, over), and receiving against it — a scan field that takes a barcode scanner's
// keystrokes (Enter counts one scan; quantity and damaged apply to the next scan), a CSV file
// (barcode,quantity,condition) counted all or nothing with the refused rows named, and closing
// receiving, which says first what will be cancelled and refunded and shows it after.
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, post } from '../../lib/api.ts';
import { QueryView } from '../../components/states.tsx';
import { FormError, Modal, useBrands } from './ui.tsx';
import { brandLabel, fieldErrors, fmtDateTime } from './lib.ts';
import { RECEIVABLE, lineOutcome, readScanFile, useSaleEvents, wk, type CloseResult, type FileScan, type PoView } from './warehouse.ts';
import { PoStatusTag, SkuCell } from './WarehouseParts.tsx';
import './warehouse.i18n.ts';
import './warehouse.css';
import { FilePick } from '../../components/FilePick.tsx';

/** A server refusal of a scan, said in the operator's language where we know what it means. */
function scanIssue(t: TFunction, path: string, message: string, barcode: string): string {
  if (path.endsWith('.barcode')) return t('console.wh.recv.notOnPo', { barcode });
  if (path.endsWith('.quantity')) return t('console.wh.recv.badQuantity');
  return message;
}

interface ScanEntry { id: number; barcode: string; quantity: number; condition: 'good' | 'damaged'; state: 'sending' | 'counted' | 'refused'; message?: string }

/**
 * Scans go to the server one at a time, in the order they were made (a scanner types faster than
 * a round trip): each is counted or refused on its own, and the counts shown are the latest.
 */
function useScanQueue(poId: string, onCounted: (po: PoView) => void) {
  const { t } = useTranslation();
  const [log, setLog] = useState<ScanEntry[]>([]);
  const queue = useRef<ScanEntry[]>([]);
  const busy = useRef(false);
  const seq = useRef(0);
  const set = (id: number, patch: Partial<ScanEntry>) => setLog((l) => l.map((e) => (e.id === id ? { ...e, ...patch } : e)));
  const drain = async () => {
    if (busy.current) return;
    busy.current = true;
    while (queue.current.length) {
      const s = queue.current.shift()!;
      try {
        onCounted(await post<PoView>(`/purchase-orders/${poId}/scans`, { scans: [{ barcode: s.barcode, quantity: s.quantity, condition: s.condition }] }));
        set(s.id, { state: 'counted' });
      } catch (e) {
        const issue = e instanceof ApiError ? e.errors[0] : undefined;
        set(s.id, { state: 'refused', message: issue ? scanIssue(t, issue.path, issue.message, s.barcode) : e instanceof ApiError ? e.title : t('common.unknownError') });
      }
    }
    busy.current = false;
  };
  const add = (scan: Pick<ScanEntry, 'barcode' | 'quantity' | 'condition'>) => {
    const entry: ScanEntry = { ...scan, id: ++seq.current, state: 'sending' };
    setLog((l) => [entry, ...l].slice(0, 30));
    queue.current.push(entry);
    void drain();
  };
  return { log, add };
}

function ScanBox({ po, onCounted }: { po: PoView; onCounted: (po: PoView) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [qty, setQty] = useState('1');
  const [damaged, setDamaged] = useState(false);
  const [qtyError, setQtyError] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const { log, add } = useScanQueue(po.id, onCounted);
  const nameOf = (barcode: string) => {
    const tag = po.lines.find((l) => l.barcode === barcode)?.sku;
    return tag ? `${tag.name} ${tag.colour}/${tag.size}` : '';
  };
  const submit = () => {
    const barcode = code.trim();
    if (!barcode) return;
    const quantity = Number(qty);
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100_000) { setQtyError(true); return; }
    add({ barcode, quantity, condition: damaged ? 'damaged' : 'good' });
    // Quantity and damaged are for one scan: the next unit is one good unit unless said otherwise.
    setCode(''); setQty('1'); setDamaged(false); setQtyError(false);
    input.current?.focus();
  };
  return (
    <section className="card stack" aria-labelledby="scan-h" data-testid="scan-box">
      <h2 id="scan-h">{t('console.wh.recv.scanTitle')}</h2>
      <p className="hint">{t('console.wh.recv.scanHint')}</p>
      <div className="wh-scan-row">
        <label className="grow">{t('console.wh.recv.barcode')}
          <input ref={input} autoFocus value={code} onChange={(e) => setCode(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); submit(); } }}
            className="wh-scan-input" autoComplete="off" spellCheck={false} inputMode="text" placeholder={t('console.wh.recv.scanPlaceholder')} data-testid="scan-input" />
        </label>
        <label className="wh-qty">{t('console.wh.recv.quantity')}
          <input type="number" min={1} max={100000} value={qty} onChange={(e) => setQty(e.target.value)} aria-invalid={qtyError}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); input.current?.focus(); } }} data-testid="scan-qty" />
        </label>
        <label className="check wh-damaged"><input type="checkbox" checked={damaged} onChange={(e) => setDamaged(e.target.checked)} data-testid="scan-damaged" />{t('console.wh.recv.damaged')}</label>
        <button type="button" className="btn btn-primary" onClick={submit} data-testid="scan-submit">{t('console.wh.recv.count')}</button>
      </div>
      {qtyError && <span className="field-error">{t('console.wh.recv.badQuantity')}</span>}
      {log.length > 0 && (
        <ol className="wh-scan-log" aria-live="polite" data-testid="scan-log">
          {log.map((s) => (
            <li key={s.id} className={`wh-scan-${s.state}`} data-testid="scan-entry" data-state={s.state}>
              <span className="mono">{s.barcode}</span>
              <span>× {s.quantity}{s.condition === 'damaged' ? ` · ${t('console.wh.recv.damaged')}` : ''}</span>
              <span className="muted small">{nameOf(s.barcode)}</span>
              <span className="spacer" />
              <span className="wh-scan-state">{s.state === 'refused' ? s.message : t(`console.wh.recv.state.${s.state}`)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FileBox({ po, onCounted }: { po: PoView; onCounted: (po: PoView) => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ name: string; text: string; rows: FileScan[] } | null>(null);
  const [counted, setCounted] = useState<{ name: string; rows: number; units: number } | null>(null);
  const [readError, setReadError] = useState('');
  const m = useMutation({
    mutationFn: (text: string) => post<PoView>(`/purchase-orders/${po.id}/scans`, { file: text }),
    onSuccess: (p) => {
      onCounted(p);
      setCounted({ name: file!.name, rows: file!.rows.length, units: file!.rows.reduce((a, r) => a + (Number.isFinite(r.quantity) ? r.quantity : 0), 0) });
      setFile(null);
    },
  });
  const errors = fieldErrors(t, m.error);
  const rowIssue = (i: number, r: FileScan) => {
    const path = errors[`scans.${i}.barcode`] !== undefined ? `scans.${i}.barcode` : errors[`scans.${i}.quantity`] !== undefined ? `scans.${i}.quantity` : null;
    return path ? scanIssue(t, path, errors[path], r.barcode) : null;
  };
  const choose = async (f: File | undefined) => {
    m.reset(); setCounted(null); setReadError('');
    if (!f) { setFile(null); return; }
    if (f.size > 2_000_000) { setReadError(t('console.wh.recv.fileTooBig')); setFile(null); return; }
    const text = await f.text();
    const rows = readScanFile(text);
    if (rows.length === 0) { setReadError(t('console.wh.recv.fileEmpty')); setFile(null); return; }
    setFile({ name: f.name, text, rows });
  };
  const refusedRows = m.error instanceof ApiError ? m.error.errors.length : 0;
  const refused = refusedRows > 0;
  return (
    <section className="card stack" aria-labelledby="file-h" data-testid="file-box">
      <h2 id="file-h">{t('console.wh.recv.fileTitle')}</h2>
      <p className="hint">{t('console.wh.recv.fileHint')}</p>
      <div className="row">
        <FilePick accept=".csv,.txt,text/csv,text/plain" chosen={file ? [file.name] : []} onFiles={(fs) => void choose(fs[0])} label={t('console.wh.recv.fileChoose')} testId="scan-file" />
        {file && <button type="button" className="btn btn-primary" disabled={m.isPending} onClick={() => m.mutate(file.text)} data-testid="file-submit">
          {m.isPending ? t('console.common.saving') : t('console.wh.recv.fileCount', { count: file.rows.length })}
        </button>}
      </div>
      {readError && <p className="field-error" role="alert">{readError}</p>}
      {counted && <p className="wh-ok" role="status" data-testid="file-counted">{t('console.wh.recv.fileCounted', counted)}</p>}
      {refused && <p className="form-error" role="alert" data-testid="file-refused">{t('console.wh.recv.fileRefused', { count: refusedRows })}</p>}
      {m.error && !refused ? <FormError error={m.error} /> : null}
      {file && (
        <table className="table wh-file-rows" data-testid="file-rows">
          <thead><tr><th className="num">{t('console.wh.recv.fileLine')}</th><th>{t('console.wh.recv.barcode')}</th><th className="num">{t('console.wh.recv.quantity')}</th><th>{t('console.wh.recv.condition')}</th><th /></tr></thead>
          <tbody>
            {file.rows.map((r, i) => {
              const issue = rowIssue(i, r);
              return (
                <tr key={r.line} className={issue ? 'wh-row-bad' : undefined} data-testid="file-row" data-bad={Boolean(issue)}>
                  <td className="num muted">{r.line}</td>
                  <td className="mono">{r.barcode || '—'}</td>
                  <td className="num">{Number.isFinite(r.quantity) ? r.quantity : '?'}</td>
                  <td>{r.condition === 'damaged' ? t('console.wh.recv.damaged') : t('console.wh.recv.good')}</td>
                  <td>{issue && <span className="field-error" data-testid="file-row-error">{issue}</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function CloseDialog({ po, onClose, onClosed }: { po: PoView; onClose: () => void; onClosed: (r: CloseResult) => void }) {
  const { t } = useTranslation();
  const m = useMutation({ mutationFn: () => post<CloseResult>(`/purchase-orders/${po.id}/close`), onSuccess: onClosed });
  let good = 0, short = 0, over = 0, damaged = 0;
  for (const l of po.lines) {
    const o = lineOutcome(l, false);
    good += Math.min(l.received, l.ordered); short += o.short; over += o.over; damaged += l.damaged;
  }
  return (
    <Modal title={t('console.wh.close.title', { poNo: po.poNo })} onClose={onClose} testId="close-dialog">
      <div className="stack">
        <ul className="wh-consequences" data-testid="close-consequences">
          <li>{t('console.wh.close.good', { count: good })}</li>
          {short > 0
            ? <li className="wh-bad" data-testid="close-short">{t('console.wh.close.short', { count: short, damaged })}</li>
            : <li>{t('console.wh.close.noShort')}</li>}
          {over > 0 && <li data-testid="close-over">{t('console.wh.close.over', { count: over })}</li>}
          <li className="muted">{t('console.wh.close.final')}</li>
        </ul>
        <FormError error={m.error} />
        <div className="row end">
          <button type="button" className="btn" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className={`btn ${short > 0 ? 'btn-danger' : 'btn-primary'}`} disabled={m.isPending} onClick={() => m.mutate()} data-testid="close-confirm">
            {m.isPending ? t('console.common.saving') : short > 0 ? t('console.wh.close.confirmShort', { count: short }) : t('console.wh.close.confirm')}
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** What closing did: the units short on each order (cancelled and refunded), overage back to the lot. */
function CloseOutcome({ r }: { r: CloseResult }) {
  const { t } = useTranslation();
  const byOrder = new Map<string, { orderNo: string; quantity: number }>();
  for (const s of r.short) {
    const o = byOrder.get(s.orderId) ?? { orderNo: s.orderNo, quantity: 0 };
    o.quantity += s.quantity;
    byOrder.set(s.orderId, o);
  }
  const skuOf = new Map(r.po.lines.map((l) => [l.skuId, l.sku]));
  return (
    <section className="card stack wh-outcome" data-testid="close-result" aria-labelledby="outcome-h">
      <h2 id="outcome-h">{t('console.wh.close.doneTitle')}</h2>
      {byOrder.size === 0 ? <p>{t('console.wh.close.doneNoShort')}</p> : (
        <>
          <p>{t('console.wh.close.doneShort', { orders: byOrder.size, count: r.short.reduce((a, s) => a + s.quantity, 0) })}</p>
          <table className="table" data-testid="short-orders">
            <thead><tr><th>{t('console.wh.close.order')}</th><th className="num">{t('console.wh.close.unitsShort')}</th><th>{t('console.wh.close.outcome')}</th></tr></thead>
            <tbody>
              {[...byOrder].map(([id, o]) => (
                <tr key={id} data-testid="short-order" data-order={id}>
                  <td><Link to={`/console/orders?q=${encodeURIComponent(o.orderNo || id)}&order=${id}`} className="mono">{o.orderNo || id}</Link></td>
                  <td className="num" data-testid="short-qty">{o.quantity}</td>
                  <td>{t('console.wh.close.unitsCancelled')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {r.over.length > 0 && (
        <div data-testid="close-over-result">
          <h3>{t('console.wh.close.overTitle')}</h3>
          <ul className="wh-plain">{r.over.map((o) => { const tag = skuOf.get(o.skuId); return <li key={o.skuId}>{tag ? `${tag.name} ${tag.colour}/${tag.size}` : o.skuId} · {t('console.wh.unitsN', { count: o.quantity })}</li>; })}</ul>
        </div>
      )}
      <p className="muted" data-testid="close-refunds">{r.refunds > 0 ? t('console.wh.close.refunds', { count: r.refunds }) : t('console.wh.close.noGatewayRefunds')}</p>
    </section>
  );
}

export default function PurchaseOrderPage() {
  const { t, i18n } = useTranslation();
  const { poId = '' } = useParams();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: wk.po(poId), queryFn: ({ signal }) => get<PoView>(`/purchase-orders/${poId}`, signal) });
  const brands = useBrands();
  const events = useSaleEvents();
  const [closing, setClosing] = useState(false);
  const [outcome, setOutcome] = useState<CloseResult | null>(null);
  const [lastLine, setLastLine] = useState<string | null>(null);
  const counted = (p: PoView) => {
    const before = qc.getQueryData<PoView>(wk.po(poId));
    const moved = p.lines.find((l) => { const b = before?.lines.find((x) => x.id === l.id); return b && (b.received !== l.received || b.damaged !== l.damaged); });
    if (moved) setLastLine(moved.id);
    qc.setQueryData(wk.po(poId), p);
    void qc.invalidateQueries({ queryKey: wk.pos });
  };
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <QueryView q={q}>
      {(po) => {
        const brand = brands.data?.find((b) => b.id === po.brandId);
        const event = events.data?.find((e) => e.id === po.saleEventId);
        const closed = !RECEIVABLE.includes(po.status);
        const receiving = po.mode === 'warehouse' && !closed;
        const sum = (f: (l: PoView['lines'][number]) => number) => po.lines.reduce((a, l) => a + f(l), 0);
        return (
          <>
            <div className="page-head">
              <div className="title-group">
                <Link to="/console/warehouse/purchase-orders" className="btn btn-ghost btn-small">‹ {t('console.wh.pos.title')}</Link>
                <h1 className="mono" data-testid="po-title">{po.poNo}</h1>
                <PoStatusTag status={po.status} />
              </div>
              <a className="btn" href={`/api/v1/purchase-orders/${po.id}/export.csv?lang=${lang}`} download data-testid="po-export">{t('console.wh.exportCsv')}</a>
              {receiving && <button type="button" className="btn btn-danger" onClick={() => setClosing(true)} data-testid="close-open">{t('console.wh.close.open')}</button>}
            </div>
            <section className="card">
              <dl className="facts wide">
                <dt>{t('console.common.brand')}</dt><dd>{brand ? brandLabel(brand) : '…'}</dd>
                <dt>{t('console.wh.event')}</dt><dd>{event ? <Link to={`/console/events/${event.id}`}>{event.title}</Link> : '…'} · {t('console.wh.waveN', { n: po.wave })}</dd>
                <dt>{t('console.wh.mode.label')}</dt><dd>{t(`console.wh.mode.${po.mode}`)}</dd>
                <dt>{t('console.wh.units')}</dt><dd>{po.units}</dd>
                <dt>{t('console.wh.shipDate')}</dt><dd data-testid="po-ship-date">{po.shipDate ?? <span className="muted">{t('console.wh.notConfirmed')}</span>}</dd>
                <dt>{t('console.wh.createdAt')}</dt><dd>{fmtDateTime(po.createdAt)}</dd>
                {po.confirmedAt && <><dt>{t('console.wh.confirmedAt')}</dt><dd>{fmtDateTime(po.confirmedAt)}</dd></>}
                {po.receivedAt && <><dt>{t('console.wh.receivedAt')}</dt><dd>{fmtDateTime(po.receivedAt)}</dd></>}
              </dl>
              {po.mode === 'drop_ship' && <p className="notice">{t('console.wh.dropShipNote')}</p>}
            </section>
            {outcome && <CloseOutcome r={outcome} />}
            <section className="card flush" aria-labelledby="lines-h">
              <div className="card-head pad"><h2 id="lines-h">{t('console.wh.lines')}</h2>{!closed && <span className="hint">{t('console.wh.runningHint')}</span>}</div>
              <table className="table" data-testid="po-lines">
                <thead><tr>
                  <th>{t('console.wh.bin')}</th><th>{t('console.wh.sku')}</th><th>{t('console.wh.recv.barcode')}</th>
                  <th className="num">{t('console.wh.ordered')}</th><th className="num">{t('console.wh.received')}</th><th className="num">{t('console.wh.damaged')}</th>
                  <th className="num">{closed ? t('console.wh.short') : t('console.wh.shortSoFar')}</th><th className="num">{closed ? t('console.wh.over') : t('console.wh.overSoFar')}</th>
                </tr></thead>
                <tbody>
                  {po.lines.map((l) => {
                    const o = lineOutcome(l, closed);
                    return (
                      <tr key={`${l.id}-${l.received}-${l.damaged}`} className={lastLine === l.id ? 'wh-flash' : undefined} data-testid="po-line" data-barcode={l.barcode}>
                        <td className="mono strong">{l.bin}</td>
                        <td><SkuCell tag={l.sku} skuId={l.skuId} /></td>
                        <td className="mono">{l.barcode}</td>
                        <td className="num">{l.ordered}</td>
                        <td className="num strong" data-testid="line-received">{l.received}</td>
                        <td className="num" data-testid="line-damaged">{l.damaged}</td>
                        <td className={`num ${o.short > 0 ? 'bad-number' : ''}`} data-testid="line-short">{o.short}</td>
                        <td className="num" data-testid="line-over">{o.over}</td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot><tr className="wh-totals">
                  <th colSpan={3}>{t('console.wh.total')}</th><th className="num">{sum((l) => l.ordered)}</th><th className="num">{sum((l) => l.received)}</th><th className="num">{sum((l) => l.damaged)}</th>
                  <th className="num">{sum((l) => lineOutcome(l, closed).short)}</th><th className="num">{sum((l) => lineOutcome(l, closed).over)}</th>
                </tr></tfoot>
              </table>
            </section>
            {receiving && (
              <div className="grid two wh-receiving">
                <ScanBox po={po} onCounted={counted} />
                <FileBox po={po} onCounted={counted} />
              </div>
            )}
            {closing && <CloseDialog po={po} onClose={() => setClosing(false)} onClosed={(r) => {
              setClosing(false); setOutcome(r);
              qc.setQueryData(wk.po(poId), r.po);
              void qc.invalidateQueries({ queryKey: wk.pos });
              void qc.invalidateQueries({ queryKey: ['console', 'orders'] });
            }} />}
          </>
        );
      }}
    </QueryView>
  );
}

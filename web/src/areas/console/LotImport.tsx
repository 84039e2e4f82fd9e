// 货盘导入: upload a brand's lot file (.csv / .xlsx) with real upload progress, then show the
// imported lot or every rejected row with its column and problem; plus the CSV template.
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, get, type FieldError } from '../../lib/api.ts';
import i18n from '../../lib/i18n.ts';
import { Empty, QueryView } from '../../components/states.tsx';
import { BrandSelect, Field, FormError } from './ui.tsx';
import { columnLabel, downloadText, fmtDateTime, type Lot } from './lib.ts';
import { csvRows } from '../../lib/csv.ts';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_BYTES = 25 * 1024 * 1024; // the server's body limit

// The template uses the Chinese headers brands' spreadsheets already have; the server also
// accepts the English ones.
const TEMPLATE_HEADER = ['款号', '商品名称', '品类', '颜色', '尺码', 'SKU编码', '条码', '吊牌价', '平台价', '数量', '图片', '描述'];
const TEMPLATE_ROWS = [
  ['DY2401', '羊毛混纺双面呢大衣', '女装', '驼色', 'M', 'DY2401-CA-M', '6901234567801', '1299.00', '329.00', '20', 'https://example.com/images/dy2401-ca.jpg', '双面呢工艺，落肩廓形，含羊毛50%'],
  ['DY2401', '羊毛混纺双面呢大衣', '女装', '驼色', 'L', 'DY2401-CA-L', '6901234567802', '1299.00', '329.00', '15', '', ''],
];


function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function mimeOf(name: string): string | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'text/csv';
  if (lower.endsWith('.xlsx')) return XLSX_MIME;
  return null;
}

/**
 * POST the file as the raw body. XMLHttpRequest rather than fetch because only it reports
 * upload progress.
 */
function uploadLot(brandId: string, file: File, name: string, onProgress: (loaded: number, total: number) => void, onSent: () => void): { promise: Promise<{ status: number; lot: Lot }>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<{ status: number; lot: Lot }>((resolve, reject) => {
    const params = new URLSearchParams({ fileName: file.name });
    if (name) params.set('name', name);
    xhr.open('POST', `/api/v1/brands/${encodeURIComponent(brandId)}/lots?${params}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', mimeOf(file.name) ?? 'application/octet-stream');
    xhr.setRequestHeader('accept-language', i18n.language === 'en' ? 'en' : 'zh-CN');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
    xhr.upload.onload = () => onSent();
    xhr.onload = () => {
      let data: Record<string, unknown> = {};
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch { /* not JSON: handled below */ }
      if (xhr.status >= 200 && xhr.status < 300) { resolve({ status: xhr.status, lot: data as unknown as Lot }); return; }
      const p = data as { code?: string; title?: string; errors?: FieldError[] };
      reject(new ApiError(xhr.status, p.code ?? 'internal', p.title ?? i18n.t('common.unknownError'), p.errors ?? [], data));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', i18n.t('common.networkError')));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', i18n.t('console.lots.aborted')));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

type Phase =
  | { k: 'idle' }
  | { k: 'uploading'; loaded: number; total: number }
  | { k: 'processing'; total: number }
  | { k: 'done'; lot: Lot; total: number }
  | { k: 'rejected'; error: ApiError; total: number }
  | { k: 'failed'; error: unknown; total: number };

function RowErrors({ error, fileName }: { error: ApiError; fileName: string }) {
  const { t } = useTranslation();
  const errors = [...error.errors].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  const rows = new Set(errors.map((e) => e.row).filter(Boolean));
  const report = () => downloadText(
    fileName.replace(/\.(csv|xlsx)$/i, '') + t('console.lots.reportSuffix') + '.csv',
    csvRows([[t('console.lots.row'), t('console.lots.column'), t('console.lots.problem')], ...errors.map((e) => [e.row ? String(e.row) : '', columnLabel(t, e.column), e.message])]),
  );
  return (
    <div className="import-errors" data-testid="import-errors">
      <div className="result-head bad">
        <span className="result-icon" aria-hidden>!</span>
        <div>
          <h2>{error.title}</h2>
          <p>{t('console.lots.errorSummary', { count: errors.length, rows: rows.size })}</p>
        </div>
        <button type="button" className="btn btn-small" onClick={report}>{t('console.lots.downloadReport')}</button>
      </div>
      <table className="table" data-testid="import-error-table">
        <thead><tr><th className="num">{t('console.lots.row')}</th><th>{t('console.lots.column')}</th><th>{t('console.lots.problem')}</th></tr></thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i} data-testid="import-error-row">
              <td className="num">{e.row === 1 ? t('console.lots.headerRow') : e.row ?? '—'}</td>
              <td>{columnLabel(t, e.column)}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('console.lots.fixAndRetry')}</p>
    </div>
  );
}

function Result({ lot, brandId }: { lot: Lot; brandId: string }) {
  const { t } = useTranslation();
  return (
    <div className="import-result" data-testid="import-result">
      <div className={`result-head ${lot.duplicate ? 'warn' : 'good'}`}>
        <span className="result-icon" aria-hidden>{lot.duplicate ? 'i' : '✓'}</span>
        <div>
          <h2>{lot.duplicate ? t('console.lots.duplicateTitle') : t('console.lots.successTitle')}</h2>
          <p>{lot.duplicate ? t('console.lots.duplicateBody', { time: fmtDateTime(lot.createdAt) }) : t('console.lots.successBody')}</p>
        </div>
      </div>
      <dl className="facts">
        <dt>{t('console.lots.lotName')}</dt><dd>{lot.name}</dd>
        <dt>{t('console.lots.file')}</dt><dd className="mono">{lot.fileName}</dd>
        <dt>{t('console.lots.rows')}</dt><dd data-testid="import-rows">{lot.rowCount}</dd>
        <dt>{t('console.lots.units')}</dt><dd data-testid="import-units">{lot.units}</dd>
        <dt>{t('console.lots.importedAt')}</dt><dd>{fmtDateTime(lot.createdAt)}</dd>
      </dl>
      <div className="row">
        <Link className="btn btn-primary" to={`/console/events/new?brand=${brandId}`} data-testid="import-new-event">{t('console.lots.toEvent')}</Link>
        <Link className="btn" to={`/console/brands/${brandId}`}>{t('console.lots.toBrand')}</Link>
      </div>
    </div>
  );
}

function Progress({ phase }: { phase: Phase }) {
  const { t } = useTranslation();
  if (phase.k === 'idle') return null;
  const total = phase.total;
  const loaded = phase.k === 'uploading' ? phase.loaded : total;
  const pct = total > 0 ? Math.floor((loaded * 100) / total) : 0;
  const label = phase.k === 'uploading' ? t('console.lots.uploading', { pct, loaded: fmtBytes(loaded), total: fmtBytes(total) })
    : phase.k === 'processing' ? t('console.lots.processing')
      : phase.k === 'done' ? t('console.lots.uploaded', { total: fmtBytes(total) })
        : t('console.lots.uploadedChecked', { total: fmtBytes(total) });
  return (
    <div className="upload-progress" data-testid="upload-progress-block">
      <div className="row"><span data-testid="upload-status" aria-live="polite">{label}</span><span className="spacer" /><span className="num strong">{pct}%</span></div>
      <div className="progress" role="progressbar" aria-label={t('console.lots.progressLabel')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="upload-progress">
        <span style={{ width: `${pct}%` }} className={phase.k === 'processing' ? 'pulse' : ''} />
      </div>
    </div>
  );
}

function BrandLots({ brandId }: { brandId: string }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['console', 'lots', brandId], queryFn: ({ signal }) => get<{ items: Lot[] }>(`/brands/${brandId}/lots`, signal).then((r) => r.items) });
  return (
    <section className="card flush">
      <div className="card-head pad"><h2>{t('console.lots.brandLots')}</h2></div>
      <QueryView q={q}>
        {(items) => items.length === 0 ? <Empty>{t('console.brandDetail.noLots')}</Empty> : (
          <table className="table">
            <thead><tr><th>{t('console.lots.lotName')}</th><th>{t('console.lots.file')}</th><th className="num">{t('console.lots.rows')}</th><th className="num">{t('console.lots.units')}</th><th>{t('console.lots.importedAt')}</th></tr></thead>
            <tbody>{items.slice(0, 10).map((l) => <tr key={l.id}><td>{l.name}</td><td className="mono muted">{l.fileName}</td><td className="num">{l.rowCount}</td><td className="num">{l.units}</td><td>{fmtDateTime(l.createdAt)}</td></tr>)}</tbody>
          </table>
        )}
      </QueryView>
    </section>
  );
}

function ColumnGuide() {
  const { t } = useTranslation();
  const cols: [string, boolean, string][] = [
    ['spu_code', true, 'DY2401'], ['product_name', true, '羊毛混纺双面呢大衣'], ['category', true, '女装'], ['colour', true, '驼色'], ['size', true, 'M'],
    ['sku_code', true, 'DY2401-CA-M'], ['barcode', false, '6901234567801'], ['tag_price', true, '1299.00'], ['base_price', true, '329.00'], ['quantity', true, '20'],
    ['image_urls', false, 'https://…'], ['description', false, ''],
  ];
  return (
    <details className="card guide">
      <summary>{t('console.lots.guideTitle')}</summary>
      <table className="table">
        <thead><tr><th>{t('console.lots.column')}</th><th>{t('console.lots.required')}</th><th>{t('console.lots.example')}</th><th>{t('console.lots.note')}</th></tr></thead>
        <tbody>{cols.map(([c, req, ex]) => (
          <tr key={c}><td className="strong">{t(`console.columns.${c}`)} <span className="muted mono small">{c}</span></td><td>{req ? t('common.yes') : t('common.no')}</td><td className="mono">{ex}</td><td className="muted">{t(`console.lots.notes.${c}`)}</td></tr>
        ))}</tbody>
      </table>
    </details>
  );
}

export default function LotImport() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const brandId = params.get('brand') ?? '';
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [phase, setPhase] = useState<Phase>({ k: 'idle' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [dragging, setDragging] = useState(false);
  const abortRef = useRef<(() => void) | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => () => abortRef.current?.(), []);

  const busy = phase.k === 'uploading' || phase.k === 'processing';
  const setBrand = (id: string) => { setParams(id ? { brand: id } : {}, { replace: true }); setPhase({ k: 'idle' }); };
  const pick = (f: File | null) => {
    setFile(f); setPhase({ k: 'idle' });
    const errs: Record<string, string> = {};
    if (f && !mimeOf(f.name)) errs.file = t('console.lots.wrongType');
    else if (f && f.size > MAX_BYTES) errs.file = t('console.lots.tooBig');
    else if (f && f.size === 0) errs.file = t('console.lots.emptyFile');
    setErrors(errs);
  };

  const start = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!brandId) errs.brand = t('console.lots.chooseBrandFirst');
    if (!file) errs.file = t('console.lots.chooseFile');
    else if (!mimeOf(file.name)) errs.file = t('console.lots.wrongType');
    else if (file.size > MAX_BYTES) errs.file = t('console.lots.tooBig');
    else if (file.size === 0) errs.file = t('console.lots.emptyFile');
    if (name.length > 200) errs.name = t('console.common.maxLen', { n: 200 });
    setErrors(errs);
    if (Object.keys(errs).length || !file) return;
    const total = file.size;
    setPhase({ k: 'uploading', loaded: 0, total });
    const up = uploadLot(brandId, file, name.trim(), (loaded, tot) => setPhase({ k: 'uploading', loaded, total: tot }), () => setPhase({ k: 'processing', total }));
    abortRef.current = up.abort;
    try {
      const r = await up.promise;
      setPhase({ k: 'done', lot: r.lot, total });
      await Promise.all([
        qc.invalidateQueries({ queryKey: ['console', 'lots', brandId] }),
        qc.invalidateQueries({ queryKey: ['console', 'products', brandId] }),
        qc.invalidateQueries({ queryKey: ['console', 'allProducts', brandId] }),
      ]);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'import_rejected') setPhase({ k: 'rejected', error: err, total });
      else if (err instanceof ApiError && err.code === 'aborted') setPhase({ k: 'idle' });
      else setPhase({ k: 'failed', error: err, total });
    } finally {
      abortRef.current = null;
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>{t('console.lots.title')}</h1>
        <button type="button" className="btn" onClick={() => downloadText(t('console.lots.templateName'), csvRows([TEMPLATE_HEADER, ...TEMPLATE_ROWS]))} data-testid="download-template">
          {t('console.lots.template')}
        </button>
      </div>
      <form className="card stack import-form" onSubmit={start} noValidate>
        <p className="muted">{t('console.lots.intro')}</p>
        <div className="form-grid">
          <Field label={t('console.lots.brand')} error={errors.brand}>
            {(p) => <BrandSelect id={p.id} invalid={p['aria-invalid']} describedBy={p['aria-describedby']} value={brandId} onChange={setBrand} testId="import-brand" />}
          </Field>
          <Field label={t('console.lots.lotName')} error={errors.name} hint={t('console.lots.lotNameHint')}>
            {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder={t('console.common.optional')} data-testid="import-name" />}
          </Field>
        </div>
        <Field label={t('console.lots.file')} error={errors.file}>
          {(p) => (
            <div
              className={`dropzone ${dragging ? 'dragging' : ''} ${file ? 'has-file' : ''}`}
              onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
              onDragLeave={() => setDragging(false)}
              onDrop={(e) => { e.preventDefault(); setDragging(false); pick(e.dataTransfer.files[0] ?? null); }}
            >
              <input {...p} ref={inputRef} type="file" accept={`.csv,.xlsx,text/csv,${XLSX_MIME}`} className="visually-hidden" tabIndex={-1} data-testid="import-file"
                onChange={(e) => pick(e.target.files?.[0] ?? null)} disabled={busy} />
              {file ? (
                <div className="file-chosen"><span className="file-icon" aria-hidden>{file.name.toLowerCase().endsWith('.xlsx') ? 'XLSX' : 'CSV'}</span><span><strong data-testid="import-file-name">{file.name}</strong><span className="muted"> · {fmtBytes(file.size)}</span></span></div>
              ) : <p>{t('console.lots.dropHere')}</p>}
              <button type="button" className="btn btn-small" onClick={() => inputRef.current?.click()} disabled={busy}>{file ? t('console.lots.changeFile') : t('console.lots.chooseFileBtn')}</button>
              <span className="hint">{t('console.lots.fileHint')}</span>
            </div>
          )}
        </Field>
        <Progress phase={phase} />
        <div className="row end">
          {phase.k === 'uploading' && <button type="button" className="btn" onClick={() => abortRef.current?.()}>{t('console.lots.cancelUpload')}</button>}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="import-submit">{busy ? t('console.lots.importing') : t('console.lots.start')}</button>
        </div>
      </form>
      {phase.k === 'done' && <section className="card"><Result lot={phase.lot} brandId={brandId} /></section>}
      {phase.k === 'rejected' && <section className="card flush-table"><RowErrors error={phase.error} fileName={file?.name ?? 'lot.csv'} /></section>}
      {phase.k === 'failed' && <section className="card"><FormError error={phase.error} /></section>}
      <ColumnGuide />
      {brandId && <BrandLots brandId={brandId} />}
    </>
  );
}

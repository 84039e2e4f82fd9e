// Brand portal: import a lot file (CSV/XLSX) with a real upload progress bar, and every rejected
// row listed by row and column when the server refuses the file.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, type FieldError } from '../../lib/api.ts';
import { ErrorState } from '../../components/states.tsx';
import type { Lot } from './data.ts';

// The server's accepted columns (catalog.rules.ts LOT_COLUMNS), in template order.
const COLUMNS = [
  { key: 'spu_code', zh: '款号', required: true },
  { key: 'product_name', zh: '商品名称', required: true },
  { key: 'category', zh: '品类', required: true },
  { key: 'colour', zh: '颜色', required: true },
  { key: 'size', zh: '尺码', required: true },
  { key: 'sku_code', zh: 'SKU编码', required: true },
  { key: 'barcode', zh: '条码', required: false },
  { key: 'tag_price', zh: '吊牌价', required: true },
  { key: 'base_price', zh: '平台价', required: true },
  { key: 'quantity', zh: '数量', required: true },
  { key: 'image_urls', zh: '图片', required: false },
  { key: 'description', zh: '描述', required: false },
] as const;

const MAX_BYTES = 20 * 1024 * 1024; // the server's multipart limit; raw bodies may be larger, keep one rule
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function templateCsv(lang: 'zh' | 'en'): string {
  const header = COLUMNS.map((c) => (lang === 'zh' ? c.zh : c.key)).join(',');
  const rows = [
    'US9001,羊毛混纺直筒大衣,女装,驼色,M,US9001-CM-M,6901234567892,1299.00,329.00,40,https://example.com/us9001-1.jpg|https://example.com/us9001-2.jpg,双面呢工艺，含羊毛50%',
    'US9001,羊毛混纺直筒大衣,女装,驼色,L,US9001-CM-L,,1299.00,329.00,25,,',
    'US9001,羊毛混纺直筒大衣,女装,黑色,M,US9001-BK-M,,1299.00,329.00,30,,',
  ];
  // The BOM makes Excel open the Chinese text as UTF-8.
  return `\uFEFF${header}\r\n${rows.join('\r\n')}\r\n`;
}

function TemplateLink({ lang }: { lang: 'zh' | 'en' }) {
  const { t } = useTranslation();
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv(lang))}`;
  return <a className="btn" href={href} download={lang === 'zh' ? '货盘导入模板.csv' : 'lot-template.csv'} data-testid={`template-${lang}`}>{t(lang === 'zh' ? 'brand.import.templateZh' : 'brand.import.templateEn')}</a>;
}

function columnLabel(col: string | undefined, t: TFunction): string {
  if (!col) return '—';
  const c = COLUMNS.find((x) => x.key === col);
  return c ? t(`brand.import.col.${c.key}`) : col;
}

interface Upload { promise: Promise<{ status: number; lot: Lot }>; abort: () => void }

/** POST the file as the raw body with XMLHttpRequest, because fetch cannot report upload progress. */
function uploadLot(brandId: string, file: File, opts: { name?: string; lang: string; onProgress: (loaded: number, total: number) => void; networkError: string; unknownError: string }): Upload {
  const xhr = new XMLHttpRequest();
  const qs = new URLSearchParams({ fileName: file.name });
  if (opts.name) qs.set('name', opts.name);
  const promise = new Promise<{ status: number; lot: Lot }>((resolve, reject) => {
    xhr.open('POST', `/api/v1/brands/${brandId}/lots?${qs}`);
    // Pick the type from the extension: browsers report CSV as anything from text/csv to application/vnd.ms-excel.
    xhr.setRequestHeader('content-type', file.name.toLowerCase().endsWith('.xlsx') ? XLSX_MIME : 'text/csv');
    xhr.setRequestHeader('accept-language', opts.lang === 'en' ? 'en' : 'zh-CN');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) opts.onProgress(e.loaded, e.total); };
    xhr.onload = () => {
      let data: Record<string, unknown> = {};
      try { data = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch { /* not JSON: a proxy page */ }
      if (xhr.status === 200 || xhr.status === 201) resolve({ status: xhr.status, lot: data as unknown as Lot });
      else reject(new ApiError(xhr.status, String(data.code ?? 'internal'), String(data.title ?? opts.unknownError), (data.errors as FieldError[] | undefined) ?? [], data));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', opts.networkError));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', ''));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

function fmtBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

type Phase = { kind: 'idle' } | { kind: 'uploading'; loaded: number; total: number } | { kind: 'done'; status: number; lot: Lot } | { kind: 'rejected'; error: ApiError } | { kind: 'failed'; error: unknown };

function RejectedTable({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation();
  const count = typeof error.body.errorCount === 'number' ? error.body.errorCount : error.errors.length;
  return (
    <section className="card bp-rejected" role="alert" data-testid="import-errors">
      <h2 className="bp-error-title">{error.title}</h2>
      <p>{t('brand.import.rejectedHint', { count })}</p>
      <div className="bp-scroll">
        <table className="table">
          <thead><tr><th className="num">{t('brand.import.row')}</th><th>{t('brand.import.column')}</th><th>{t('brand.import.problem')}</th></tr></thead>
          <tbody>
            {error.errors.map((e, i) => (
              <tr key={i} data-testid="import-error-row">
                <td className="num">{e.row ?? '—'}</td>
                <td>{columnLabel(e.column, t)}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export default function ImportLot({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const current = useRef<Upload | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const [dragging, setDragging] = useState(false);

  const check = (f: File | null): string | null => {
    if (!f) return t('brand.import.chooseFile');
    if (!/\.(csv|xlsx)$/i.test(f.name)) return t('brand.import.wrongType');
    if (f.size === 0) return t('brand.import.emptyFile');
    if (f.size > MAX_BYTES) return t('brand.import.tooBig', { max: '20 MB' });
    if (f.name.length > 200) return t('brand.import.nameTooLong');
    return null;
  };

  const choose = (f: File | null) => {
    setFile(f); setFieldError(f ? check(f) : null);
    if (phase.kind !== 'uploading') setPhase({ kind: 'idle' });
  };

  // The outcome renders below the form; bring it into view when it arrives.
  useEffect(() => {
    if (phase.kind === 'done' || phase.kind === 'rejected' || phase.kind === 'failed') outcome.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [phase.kind]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const problem = check(file) ?? (name.trim().length > 200 ? t('brand.import.lotNameTooLong') : null);
    setFieldError(problem);
    if (problem || !file) { input.current?.focus(); return; }
    setPhase({ kind: 'uploading', loaded: 0, total: file.size });
    const up = uploadLot(brandId, file, {
      name: name.trim() || undefined, lang: i18n.language,
      onProgress: (loaded, total) => setPhase({ kind: 'uploading', loaded, total }),
      networkError: t('common.networkError'), unknownError: t('common.unknownError'),
    });
    current.current = up;
    try {
      const r = await up.promise;
      setPhase({ kind: 'done', status: r.status, lot: r.lot });
      void qc.invalidateQueries({ queryKey: ['brand', brandId] });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'aborted') setPhase({ kind: 'idle' });
      else if (err instanceof ApiError && err.code === 'import_rejected') setPhase({ kind: 'rejected', error: err });
      else setPhase({ kind: 'failed', error: err });
    } finally { current.current = null; }
  };

  const uploading = phase.kind === 'uploading';
  const pct = uploading ? (phase.total ? Math.round((phase.loaded * 100) / phase.total) : 0) : phase.kind === 'idle' ? 0 : 100;

  return (
    <>
      <div className="page-head"><h1>{t('brand.import.heading')}</h1><TemplateLink lang="zh" />{i18n.language === 'en' && <TemplateLink lang="en" />}</div>
      <div className="bp-two bp-two-even">
        <form className="card stack" onSubmit={submit} noValidate aria-labelledby="import-h">
          <h2 id="import-h">{t('brand.import.uploadTitle')}</h2>
          <span className="bp-label" id="file-label">{t('brand.import.file')}</span>
          <label className={`bp-drop ${dragging ? 'bp-drop-over' : ''} ${fieldError ? 'bp-drop-invalid' : ''}`}
            onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)}
            onDrop={(e) => { e.preventDefault(); setDragging(false); if (!uploading) choose(e.dataTransfer.files?.[0] ?? null); }}>
            <input ref={input} className="bp-visually-hidden" type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" data-testid="lot-file"
              aria-labelledby="file-label" aria-invalid={fieldError ? true : undefined} aria-describedby="file-help file-error" disabled={uploading}
              onChange={(e) => choose(e.target.files?.[0] ?? null)} />
            <span className="btn btn-small" aria-hidden>{t('brand.import.chooseButton')}</span>
            <span className="bp-drop-text" data-testid="chosen-file">{file ? `${file.name} · ${fmtBytes(file.size)}` : t('brand.import.dropHere')}</span>
          </label>
          <span id="file-help" className="hint">{t('brand.import.fileHelp')}</span>
          {fieldError && <span id="file-error" className="field-error" role="alert" data-testid="file-error">{fieldError}</span>}
          <label>{t('brand.import.lotName')}
            <input name="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('brand.import.lotNamePlaceholder')} disabled={uploading} />
          </label>
          {phase.kind !== 'idle' && (
            <div className="bp-upload" data-testid="upload-progress-box">
              <div className="progress bp-upload-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('brand.import.progress')} data-testid="upload-progress">
                <span style={{ width: `${pct}%` }} />
              </div>
              <span className="num hint" data-testid="upload-percent">
                {uploading ? (pct < 100 ? t('brand.import.uploading', { pct, loaded: fmtBytes(phase.loaded), total: fmtBytes(phase.total) }) : t('brand.import.checking')) : t('brand.import.uploaded')}
              </span>
            </div>
          )}
          <div className="row">
            <button type="submit" className="btn btn-primary" disabled={uploading} data-testid="upload">{uploading ? t('brand.import.uploadingShort') : t('brand.import.upload')}</button>
            {uploading && <button type="button" className="btn" onClick={() => current.current?.abort()}>{t('common.cancel')}</button>}
          </div>
        </form>
        <section className="card" aria-labelledby="rules-h">
          <h2 id="rules-h">{t('brand.import.rulesTitle')}</h2>
          <ul className="bp-rules">
            <li>{t('brand.import.rule1')}</li>
            <li>{t('brand.import.rule2')}</li>
            <li>{t('brand.import.rule3')}</li>
            <li>{t('brand.import.rule4')}</li>
          </ul>
          <table className="table bp-columns">
            <thead><tr><th>{t('brand.import.header')}</th><th>{t('brand.import.meaning')}</th><th>{t('brand.import.required')}</th></tr></thead>
            <tbody>
              {COLUMNS.map((c) => (
                <tr key={c.key}><td><code>{c.zh}</code> <span className="muted">/ {c.key}</span></td><td>{t(`brand.import.colHelp.${c.key}`)}</td><td>{c.required ? t('common.yes') : t('common.no')}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <div ref={outcome} className="bp-stack">
        {phase.kind === 'done' && (
          <section className="card bp-success" role="status" data-testid="import-result">
            <h2>{phase.status === 201 ? t('brand.import.imported') : t('brand.import.duplicate')}</h2>
            <dl className="bp-dl">
              <dt>{t('brand.products.lotName')}</dt><dd data-testid="result-name">{phase.lot.name}</dd>
              <dt>{t('brand.products.rows')}</dt><dd className="num" data-testid="result-rows">{phase.lot.rowCount.toLocaleString()}</dd>
              <dt>{t('brand.products.units')}</dt><dd className="num" data-testid="result-units">{phase.lot.units.toLocaleString()}</dd>
            </dl>
            <Link className="btn" to="/brand/products">{t('brand.import.seeProducts')}</Link>
          </section>
        )}
        {phase.kind === 'rejected' && <RejectedTable error={phase.error} />}
        {phase.kind === 'failed' && (
          <div data-testid="import-failed">
            <ErrorState error={phase.error} />
            {phase.error instanceof ApiError && typeof phase.error.body.detail === 'string' && <p className="hint">{phase.error.body.detail}</p>}
          </div>
        )}
      </div>
    </>
  );
}

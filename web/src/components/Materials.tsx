// Brand material on a sale event (品牌授权书, 质检报告, 实拍图): the brand's and the operator's
// editor, and the gallery resellers forward from.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, get, post, ApiError } from '../lib/api.ts';
import { compressPhoto } from '../lib/returns.ts';
import { Empty, ErrorState, Loading } from './states.tsx';
import './materials.i18n.ts';
import './materials.css';
import { FilePick } from './FilePick.tsx';

const KINDS = ['authorisation', 'quality_report', 'photo', 'other'] as const;
type Kind = (typeof KINDS)[number];
export interface Material { id: string; saleEventId: string; kind: Kind; title: string; url: string; createdAt: string }

export const materialsKey = (saleEventId: string) => ['materials', saleEventId] as const;

export function useMaterials(saleEventId: string) {
  return useQuery({ queryKey: materialsKey(saleEventId), queryFn: ({ signal }) => get<{ items: Material[] }>(`/sale-events/${saleEventId}/materials`, signal).then((r) => r.items) });
}

/** Thumbnails that open the full image (to save or forward). */
export function MaterialGrid({ items, onRemove }: { items: Material[]; onRemove?: (m: Material) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="materials-grid">
      {items.map((m) => (
        <li key={m.id} data-testid="material">
          <a href={m.url} target="_blank" rel="noreferrer"><img src={m.url} alt={m.title} loading="lazy" /></a>
          <div className="materials-cap"><span className="tag">{t(`materials.kinds.${m.kind}`)}</span> {m.title}</div>
          {onRemove && <button type="button" className="btn btn-small btn-ghost" onClick={() => onRemove(m)}>{t('materials.remove')}</button>}
        </li>
      ))}
    </ul>
  );
}

/** The brand's (its own events) and the operator's editor. */
export function MaterialsEditor({ saleEventId }: { saleEventId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useMaterials(saleEventId);
  const [kind, setKind] = useState<Kind>('authorisation');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: async () => post<Material>(`/sale-events/${saleEventId}/materials`, { kind, title: title.trim(), image: await compressPhoto(file!) }),
    onSuccess: async () => { setTitle(''); setFile(null); setError(null); await qc.invalidateQueries({ queryKey: materialsKey(saleEventId) }); },
    onError: (e) => setError(e instanceof ApiError ? e.title : String(e)),
  });
  const remove = useMutation({
    mutationFn: (m: Material) => api('DELETE', `/sale-events/${saleEventId}/materials/${m.id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: materialsKey(saleEventId) }),
  });
  const submit = () => {
    if (!title.trim() || title.trim().length > 40) return setError(t('materials.nameRequired'));
    if (!file) return setError(t('materials.fileRequired'));
    add.mutate();
  };
  return (
    <section className="card" data-testid="materials-editor">
      <h2>{t('materials.title')}</h2>
      <p className="hint">{t('materials.hint')}</p>
      {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : q.data.length === 0 ? <Empty>{t('materials.none')}</Empty> : <MaterialGrid items={q.data} onRemove={(m) => remove.mutate(m)} />}
      <form className="materials-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
        <label>{t('materials.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} data-testid="material-kind">{KINDS.map((k) => <option key={k} value={k}>{t(`materials.kinds.${k}`)}</option>)}</select>
        </label>
        <label>{t('materials.name')}<input value={title} maxLength={40} onChange={(e) => setTitle(e.target.value)} data-testid="material-title" /></label>
        <div className="materials-file"><span>{t('materials.file')}</span><FilePick accept="image/*" chosen={file ? [file.name] : []} onFiles={(fs) => setFile(fs[0] ?? null)} testId="material-file" ariaLabel={t('materials.file')} /></div>
        <button type="submit" className="btn btn-primary" disabled={add.isPending} data-testid="material-add">{add.isPending ? t('materials.adding') : t('materials.add')}</button>
      </form>
      {error && <p className="field-error" role="alert">{error}</p>}
    </section>
  );
}

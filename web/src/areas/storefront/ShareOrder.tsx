// 晒单 on the consumer's order page: once something was delivered, up to 6 photos of what
// arrived (compressed on the phone, location metadata dropped); the shop's reseller may reuse them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post, ApiError } from '../../lib/api.ts';
import { compressPhoto } from '../../lib/returns.ts';
import '../../components/materials.i18n.ts';
import type { Order } from './data.ts';
import { FilePick } from '../../components/FilePick.tsx';

interface Photo { id: string; url: string; note: string }
const MAX = 6;

export default function ShareOrder({ o, token }: { o: Order; token: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = ['sf-photos', o.id];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => get<{ items: Photo[] }>(`/storefront/orders/${o.id}/photos?token=${encodeURIComponent(token)}`, signal).then((r) => r.items) });
  const [files, setFiles] = useState<File[]>([]);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const delivered = o.lines.some((l) => (l.units?.delivered ?? 0) > 0);
  if (!delivered) return null;
  const have = q.data?.length ?? 0;
  const submit = async () => {
    if (files.length === 0) return;
    setBusy(true); setMessage(null);
    try {
      const photos = await Promise.all(files.slice(0, MAX - have).map((f) => compressPhoto(f)));
      await post(`/storefront/orders/${o.id}/photos?token=${encodeURIComponent(token)}`, { photos, ...(note.trim() ? { note: note.trim() } : {}) });
      setFiles([]); setNote(''); setMessage(t('materials.shared'));
      await qc.invalidateQueries({ queryKey: key });
    } catch (e) {
      setMessage(e instanceof ApiError ? e.title : String(e));
    } finally { setBusy(false); }
  };
  return (
    <section className="card" data-testid="share-order">
      <h3>{t('materials.shareTitle')}</h3>
      {have > 0 && <div className="sf-photo-row">{q.data!.map((p) => <img key={p.id} src={p.url} alt="" />)}</div>}
      {have < MAX && (
        <>
          <p className="muted">{t('materials.shareHint')}</p>
          <FilePick accept="image/*" multiple chosen={files.map((f) => f.name)} onFiles={setFiles} testId="share-photos" />
          <input type="text" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('materials.shareNote')} />
          <button type="button" className="btn btn-primary sf-wide-btn" disabled={busy || files.length === 0} onClick={() => void submit()} data-testid="share-photos-submit">{have ? t('materials.shareMore') : t('materials.shareSubmit')}</button>
        </>
      )}
      {message && <p role="status" className="muted">{message}</p>}
    </section>
  );
}

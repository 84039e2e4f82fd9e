// The after-sales request (申请售后) as the consumer fills it on their order page and the reseller
// on the customer's behalf: which lines and how many units, return or refund only (with the
// policy said beside it), a reason, a note and up to 3 photos made small on the phone first.
// One thumb's form: every control is at least 44 px high.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { MAX_PHOTOS, REASON_CODES, compressPhoto, returnProblem, type ReasonCode, type ReturnBody, type ReturnKind, type ReturnRequest } from '../../lib/returns.ts';
import './returns.i18n.ts';
import './returns.css';

export interface FormLine { id: string; name: string; detail: string; image: string | null; max: number }

interface Photo { key: number; url: string }

let photoSeq = 0;

export function ReturnForm({ lines, lost = false, submit, onDone, onCancel, thumb }: {
  lines: FormLine[];
  /** A lost parcel: refund only, for units shipped and never delivered. */
  lost?: boolean;
  submit: (body: ReturnBody) => Promise<ReturnRequest>;
  onDone: (r: ReturnRequest) => void;
  onCancel?: () => void;
  thumb?: (l: FormLine) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<ReturnKind>(lost ? 'refund_only' : 'return');
  const [reason, setReason] = useState<ReasonCode | ''>(lost ? 'not_received' : '');
  const [qty, setQty] = useState<Record<string, number>>(() => (lines.length === 1 && lines[0].max > 0 ? { [lines[0].id]: 1 } : {}));
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [photoError, setPhotoError] = useState<unknown>(null);
  const [compressing, setCompressing] = useState(false);
  const [touched, setTouched] = useState(false);
  const chosen = lines.filter((l) => (qty[l.id] ?? 0) > 0);
  const units = chosen.reduce((a, l) => a + qty[l.id], 0);
  const m = useMutation({
    mutationFn: () => submit({
      kind, reasonCode: reason as ReasonCode, note: note.trim() || undefined,
      lines: chosen.map((l) => ({ orderLineId: l.id, quantity: qty[l.id] })),
      photos: photos.length ? photos.map((p) => p.url) : undefined,
    }),
    onSuccess: onDone,
  });
  const problem = returnProblem(t, m.error);
  // The server names a line by its place in the request (lines.1.quantity): the chosen lines, in order.
  const lineIssue = (lineId: string) => {
    const i = chosen.findIndex((l) => l.id === lineId);
    return i < 0 ? undefined : problem?.fields[`lines.${i}.quantity`] ?? problem?.fields[`lines.${i}.orderLineId`];
  };
  const set = (lineId: string, n: number, max: number) => { m.reset(); setQty((q) => ({ ...q, [lineId]: Math.max(0, Math.min(max, n)) })); };
  const addPhotos = async (files: FileList | null) => {
    if (!files?.length) return;
    setPhotoError(null);
    const room = MAX_PHOTOS - photos.length;
    if (files.length > room) setPhotoError(new Error('too_many'));
    setCompressing(true);
    try {
      for (const f of [...files].slice(0, room)) {
        const url = await compressPhoto(f);
        setPhotos((p) => (p.length < MAX_PHOTOS ? [...p, { key: ++photoSeq, url }] : p));
      }
    } catch (e) {
      setPhotoError(e);
    } finally {
      setCompressing(false);
    }
  };
  const noLines = touched && units === 0;
  const noReason = touched && !reason;
  const photoProblem = photoError instanceof Error && photoError.message === 'too_many' ? t('returns.errors.tooManyPhotos') : returnProblem(t, photoError)?.message;
  return (
    <form className="ret-form" noValidate data-testid="return-form" onSubmit={(e) => {
      e.preventDefault();
      setTouched(true);
      if (units === 0 || !reason || compressing) return;
      m.mutate();
    }}>
      {!lost && (
        <fieldset className="ret-fieldset">
          <legend>{t('returns.kindLabel')}</legend>
          <div className="ret-kinds" role="radiogroup">
            {(['return', 'refund_only'] as const).map((k) => (
              <label key={k} className={`ret-kind ${kind === k ? 'active' : ''}`} data-testid={`return-kind-${k}`}>
                <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => { m.reset(); setKind(k); }} />
                <span><strong>{t(`returns.kind.${k}`)}</strong><small>{t(`returns.kindHint.${k}`)}</small></span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {lost && <p className="ret-hint">{t('returns.kindHint.refund_only')}</p>}

      <fieldset className="ret-fieldset">
        <legend>{t('returns.chooseLines')}</legend>
        <ul className="ret-lines">
          {lines.map((l) => {
            const n = qty[l.id] ?? 0;
            const issue = lineIssue(l.id);
            return (
              <li key={l.id} className={`ret-line ${n > 0 ? 'chosen' : ''}`} data-testid="return-line" data-line={l.id}>
                {thumb && <span className="ret-line-img">{thumb(l)}</span>}
                <span className="ret-line-body">
                  <span className="ret-line-name">{l.name}</span>
                  {l.detail && <span className="ret-line-detail">{l.detail}</span>}
                  <span className={l.max > 0 ? 'ret-line-max' : 'ret-line-max none'}>{l.max > 0 ? t('returns.canReturn', { n: l.max }) : t('returns.noneLeft')}</span>
                  {issue && <span className="field-error" data-testid="return-line-error">{issue}</span>}
                </span>
                {l.max > 0 && (
                  <span className="ret-stepper" role="group" aria-label={t('returns.lineQty', { name: l.name })}>
                    <button type="button" aria-label={t('returns.fewer')} disabled={n <= 0} onClick={() => set(l.id, n - 1, l.max)} data-testid="return-qty-minus">−</button>
                    <output className="num" data-testid="return-qty">{n}</output>
                    <button type="button" aria-label={t('returns.more')} disabled={n >= l.max} onClick={() => set(l.id, n + 1, l.max)} data-testid="return-qty-plus">+</button>
                  </span>
                )}
              </li>
            );
          })}
        </ul>
        {(noLines || problem?.fields.lines) && <span className="field-error" role="alert">{problem?.fields.lines ?? t('returns.errors.noLines')}</span>}
      </fieldset>

      {!lost && (
        <fieldset className="ret-fieldset">
          <legend>{t('returns.reasonLabel')}</legend>
          <div className="ret-reasons" role="radiogroup" aria-invalid={noReason}>
            {REASON_CODES.filter((c) => c !== 'not_received').map((c) => (
              <label key={c} className={`ret-chip ${reason === c ? 'active' : ''}`} data-testid={`return-reason-${c}`}>
                <input type="radio" name={`${id}-reason`} value={c} checked={reason === c} onChange={() => { m.reset(); setReason(c); }} />
                {t(`returns.reason.${c}`)}
              </label>
            ))}
          </div>
          {noReason && <span className="field-error" role="alert">{t('returns.errors.chooseReason')}</span>}
        </fieldset>
      )}

      <div className="ret-fieldset">
        <label htmlFor={`${id}-note`} className="ret-label">{t('returns.note')}</label>
        <textarea id={`${id}-note`} rows={3} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('returns.notePlaceholder')} data-testid="return-note" aria-invalid={Boolean(problem?.fields.note)} />
        {problem?.fields.note && <span className="field-error">{problem.fields.note}</span>}
      </div>

      <div className="ret-fieldset">
        <span className="ret-label">{t('returns.photos')} <small className="ret-hint">{t('returns.photosHint')}</small></span>
        <ul className="ret-photos">
          {photos.map((p, i) => (
            <li key={p.key} className="ret-photo" data-testid="return-photo">
              <img src={p.url} alt={t('returns.photoN', { n: i + 1 })} />
              <button type="button" className="ret-photo-remove" aria-label={t('returns.removePhoto', { n: i + 1 })} onClick={() => setPhotos((ps) => ps.filter((x) => x.key !== p.key))}>×</button>
            </li>
          ))}
          {photos.length < MAX_PHOTOS && (
            <li>
              <label className="ret-photo-add" data-testid="return-photo-add">
                <input type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple className="ret-file" onChange={(e) => { void addPhotos(e.target.files); e.target.value = ''; }} data-testid="return-photo-input" />
                <span aria-hidden className="ret-plus">+</span>
                <span>{compressing ? t('returns.compressing') : t('returns.addPhoto')}</span>
              </label>
            </li>
          )}
        </ul>
        {photoProblem && <span className="field-error" role="alert" data-testid="return-photo-error">{photoProblem}</span>}
        {Object.keys(problem?.fields ?? {}).some((k) => k.startsWith('photos')) && <span className="field-error">{t('returns.errors.photo')}</span>}
      </div>

      {problem && <p className="ret-error" role="alert" data-testid="return-error">{problem.message}</p>}
      <div className="ret-actions">
        {onCancel && <button type="button" className="btn" onClick={onCancel}>{t('returns.cancel')}</button>}
        <button type="submit" className="btn btn-primary" disabled={m.isPending || compressing} data-testid="return-submit">
          {m.isPending ? t('returns.submitting') : units > 0 ? t('returns.submitN', { n: units }) : t('returns.submit')}
        </button>
      </div>
    </form>
  );
}

// A file input that speaks the page's language. The browser's own says "Choose File · No file
// chosen" (or 选择文件 · 未选择任何文件) in the browser's language whatever the page's: here the
// native input is kept for the file dialog, keyboard and tests, and hidden behind a button and the
// names chosen, in the page's words.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export function FilePick({ accept, multiple = false, chosen, onFiles, testId, label, ariaLabel }: {
  accept: string; multiple?: boolean;
  /** The names of the files the form holds now; none clears the input (after a form is sent, say). */
  chosen: string[];
  onFiles: (files: File[]) => void; testId: string;
  /** The button's words; "choose a file" / "choose files" when not given. */
  label?: string; ariaLabel?: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { if (chosen.length === 0 && input.current) input.current.value = ''; }, [chosen.length]);
  const words = label ?? t(multiple ? 'common.chooseFiles' : 'common.chooseFile');
  return (
    <label className="file-pick">
      <input ref={input} type="file" className="file-pick-input" accept={accept} multiple={multiple} aria-label={ariaLabel ?? words} data-testid={testId}
        onChange={(e) => onFiles([...(e.target.files ?? [])])} />
      <span className="btn file-pick-btn" aria-hidden>{words}</span>
      <span className="file-pick-name" data-testid={`${testId}-name`}>{chosen.length === 0 ? t('common.noFile') : chosen.length === 1 ? chosen[0] : t('common.nFiles', { count: chosen.length })}</span>
    </label>
  );
}

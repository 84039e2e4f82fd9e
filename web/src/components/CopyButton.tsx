// One tap copies a number for the chat (a waybill): the button says it was copied, or that it
// could not be (then the number is there to press and hold).
import { useState } from 'react';
import { copyText } from '../lib/clipboard.ts';

export function CopyButton({ text, labels, testId, className = 'btn' }: { text: string; labels: { copy: string; copied: string; failed: string }; testId?: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <button type="button" className={className} data-testid={testId} onClick={() => void copyText(text).then((ok) => {
        setState(ok ? 'copied' : 'failed');
        setTimeout(() => setState('idle'), 2000);
      })}>{state === 'copied' ? labels.copied : labels.copy}</button>
      {state === 'failed' && <span className="field-error" role="alert">{labels.failed}</span>}
    </>
  );
}

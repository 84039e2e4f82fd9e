// What became of a line's units beyond the plain order — short (the brand could not supply them,
// refunded), returned, refunded without a return, cancelled, in an open request — and the words
// for an order the brand could not supply at all.
import { useTranslation } from 'react-i18next';
import { refundOnlyUnits, type LineUnits } from '../../lib/returns.ts';
import './units.i18n.ts';
import './units.css';

export function LineUnitsNote({ quantity, units, open = 0 }: { quantity: number; units: LineUnits | undefined; open?: number }) {
  const { t } = useTranslation();
  if (!units) return null;
  const notes: [string, string][] = [];
  if (units.short > 0) notes.push(['short', t('returns.units.short', { n: units.short })]);
  if (units.cancelled > 0 && units.cancelled < quantity) notes.push(['cancelled', t('returns.units.cancelled', { n: units.cancelled })]);
  if (units.returned > 0) notes.push(['returned', t('returns.units.returned', { n: units.returned })]);
  const refundOnly = refundOnlyUnits(units);
  if (refundOnly > 0) notes.push(['refund-only', t('returns.units.refundOnly', { n: refundOnly })]);
  if (open > 0) notes.push(['open', t('returns.units.open', { n: open })]);
  if (notes.length === 0) return null;
  return (
    <span className="ret-units" data-testid="line-units">
      {notes.map(([k, text]) => <span key={k} className={`ret-unit ret-unit-${k}`} data-testid={`line-units-${k}`}>{text}</span>)}
    </span>
  );
}

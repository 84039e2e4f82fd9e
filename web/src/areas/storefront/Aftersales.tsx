// 售后 on the consumer's order page (with the order link's token): until when returns may be
// asked for, the requests so far and where each stands, and the request form — lines and units,
// return or refund only, a reason, a note and photos. Loaded only on an order that has shipped.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { OPEN_RETURN, claimedUnits, mayBeLost, returnableUnits, windowOpen, type ReturnBody, type ReturnRequest } from '../../lib/returns.ts';
import { ReturnForm } from '../../components/returns/ReturnForm.tsx';
import { ReturnCard } from '../../components/returns/ReturnCard.tsx';
import { ErrorState } from '../../components/states.tsx';
import type { Order } from './data.ts';
import { when } from './format.ts';
import { Img } from './parts.tsx';
import { skuLabel } from './Cart.tsx';
import { Icon } from './icons.tsx';
import './orders.i18n.ts';
import './aftersales.css';

export default function Aftersales({ o, token }: { o: Order; token: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['sf-returns', o.id, token],
    queryFn: ({ signal }) => get<{ items: ReturnRequest[] }>(`/storefront/orders/${o.id}/returns?token=${encodeURIComponent(token)}`, signal).then((r) => r.items),
    // The operator decides, the parcel travels back, the warehouse inspects: look again while one is open.
    refetchInterval: (x) => (x.state.data?.some((r) => OPEN_RETURN.includes(r.status)) ? 15_000 : false),
  });
  const [form, setForm] = useState<'return' | 'lost' | null>(null);
  const requests = q.data ?? [];
  const claimed = claimedUnits(requests);
  const open = windowOpen({ returnWindowEndsAt: o.returnWindowEndsAt ?? null });
  const lost = !open && mayBeLost({ shippedAt: o.shippedAt ?? null, deliveredAt: o.deliveredAt ?? null, status: o.status });
  const unitsOf = (l: Order['lines'][number]) => l.units ?? { cancelled: 0, short: 0, shipped: 0, delivered: 0, returned: 0, refunded: 0 };
  const formLines = o.lines.map((l) => ({
    id: l.id, name: l.productName || t('storefront.unknownItem'), detail: skuLabel({ colour: l.colour ?? '', size: l.size ?? '' }), image: l.image ?? null,
    max: returnableUnits({ id: l.id, quantity: l.quantity, units: unitsOf(l) }, claimed.get(l.id) ?? 0, form === 'lost' ? 'refund_only' : 'return', form === 'lost'),
  }));
  const anyLeft = formLines.some((l) => l.max > 0);
  // A lost parcel's units once refunded (or asked for) leave nothing to ask again: no button then.
  const lostLeft = lost && o.lines.some((l) => returnableUnits({ id: l.id, quantity: l.quantity, units: unitsOf(l) }, claimed.get(l.id) ?? 0, 'refund_only', true) > 0);
  const nameOf = (lineId: string) => { const l = o.lines.find((x) => x.id === lineId); return l ? `${l.productName ?? ''} ${skuLabel({ colour: l.colour ?? '', size: l.size ?? '' })}`.trim() : ''; };
  const submit = (body: ReturnBody) => post<ReturnRequest>(`/storefront/orders/${o.id}/returns?token=${encodeURIComponent(token)}`, body);
  const withdraw = async (r: ReturnRequest) => {
    await post<ReturnRequest>(`/storefront/orders/${o.id}/returns/${r.id}/withdraw?token=${encodeURIComponent(token)}`, {});
    await qc.invalidateQueries({ queryKey: ['sf-returns', o.id] });
  };
  const done = async () => {
    setForm(null);
    await Promise.all([qc.invalidateQueries({ queryKey: ['sf-returns', o.id] }), qc.invalidateQueries({ queryKey: ['sf-order', o.id] })]);
    document.getElementById('sf-aftersales')?.scrollIntoView({ block: 'start' });
  };
  return (
    <section className="card sf-aftersales" aria-labelledby="sf-aftersales" data-testid="aftersales">
      <h2 id="sf-aftersales" className="sf-card-title"><Icon name="undo" />{form ? t('storefront.aftersales.formTitle') : t('storefront.aftersales.title')}</h2>
      {o.returnWindowEndsAt
        ? <p className={open ? 'sf-deadline' : 'hint'} data-testid="return-deadline">{t(open ? 'returns.deadline' : 'returns.closedAt', { time: when(o.returnWindowEndsAt, i18n.language) })}</p>
        : !lost && <p className="hint">{t('returns.notYet')}</p>}
      {form ? (
        <ReturnForm
          lines={formLines} lost={form === 'lost'} submit={submit} onDone={() => void done()} onCancel={() => setForm(null)}
          thumb={(l) => <Img src={l.image} alt={l.name} label={l.name} />}
        />
      ) : (
        <>
          {q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : null}
          {requests.length > 0 && (
            <div className="sf-returns" data-testid="returns">
              {requests.map((r) => <ReturnCard key={r.id} r={r} lineName={nameOf} withdraw={withdraw} />)}
            </div>
          )}
          {open && anyLeft && <button type="button" className="btn btn-primary sf-wide-btn" onClick={() => setForm('return')} data-testid="return-open">{t('storefront.aftersales.open')}</button>}
          {lostLeft && (
            <>
              <p className="hint">{t('returns.lostHint')}</p>
              <button type="button" className="btn sf-wide-btn" onClick={() => setForm('lost')} data-testid="return-lost">{t('returns.lostRequest')}</button>
            </>
          )}
        </>
      )}
    </section>
  );
}

// 限时抢购: the flash items of every event in one list — by status, brand and event, a page at a
// time — with price, limits, grabbed / paid / left and the window; each opens its event's flash items.
import { useSearchParams, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { get } from '../../lib/api.ts';
import { yuan } from '../../lib/money.ts';
import { Empty, ErrorState, Loading } from '../../components/states.tsx';
import { BrandSelect, LoadMore } from './ui.tsx';
import { fmtDateTime, qs, type Page } from './lib.ts';
import './flash.i18n.ts';
import './flash-list.i18n.ts';

type Phase = 'upcoming' | 'on_sale' | 'sold_out' | 'ended';
const PHASES: Phase[] = ['on_sale', 'upcoming', 'sold_out', 'ended'];
// The same tag colours as the event page's flash items.
const PHASE_TAG: Record<Phase, string> = { upcoming: 'scheduled', on_sale: 'live', sold_out: 'paid', ended: 'ended' };

interface FlashRow {
  id: string; saleEventId: string; eventTitle: string; brandId: string; brandName: string; productName: string; skuCode: string; colour: string; size: string;
  price: number; tagPrice: number; quantity: number; claimed: number; sold: number; left: number; perBuyerLimit: number; perResellerLimit: number;
  startsAt: string; endsAt: string; phase: Phase;
}
type FlashPage = Page<FlashRow> & { phases: Record<Phase, number> };

export default function FlashSales() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('phase') ?? '';
  const phase = (PHASES as string[]).includes(raw) ? raw as Phase : '';
  const brandId = params.get('brandId') ?? '';
  const saleEventId = params.get('saleEventId') ?? '';
  const update = (patch: Record<string, string | null>) => {
    const n = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) n.set(k, v); else n.delete(k); }
    setParams(n, { replace: true });
  };
  const q = useInfiniteQuery({
    queryKey: ['console', 'flash-list', phase, brandId, saleEventId],
    queryFn: ({ pageParam, signal }) => get<FlashPage>(`/flash-items${qs({ phase, brandId, saleEventId, cursor: pageParam, limit: 50 })}`, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    // Grabs move the figures while items are on sale.
    refetchInterval: (x) => (x.state.data?.pages.some((p) => p.items.some((i) => i.phase === 'on_sale')) ? 15_000 : false),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = q.data?.pages[0]?.phases;
  const total = counts ? PHASES.reduce((a, p) => a + counts[p], 0) : 0;
  const eventTitle = saleEventId ? items.find((i) => i.saleEventId === saleEventId)?.eventTitle ?? saleEventId : '';
  return (
    <>
      <div className="page-head"><h1>{t('console.flashList.title')}</h1></div>
      <p className="hint">{t('console.flashList.subtitle')}</p>
      <div className="card filters" data-testid="flash-list-filters">
        <div className="chips" role="group" aria-label={t('console.flashList.phases')}>
          <button type="button" className={`chip ${phase === '' ? 'on' : ''}`} aria-pressed={phase === ''} onClick={() => update({ phase: null })} data-testid="flash-phase-all">
            {t('console.flashList.all', { n: total })}
          </button>
          {PHASES.map((p) => (
            <button key={p} type="button" className={`chip ${phase === p ? 'on' : ''}`} aria-pressed={phase === p} onClick={() => update({ phase: p })} data-testid={`flash-phase-${p}`}>
              {t(`console.flashList.phase.${p}`, { n: counts?.[p] ?? 0 })}
            </button>
          ))}
        </div>
        <label>{t('console.flashList.brand')}
          <BrandSelect value={brandId} onChange={(v) => update({ brandId: v })} allowAll testId="flash-list-brand" />
        </label>
        {saleEventId && (
          <span className="row">
            <span className="tag" data-testid="flash-list-event">{t('console.flashList.onlyEvent', { title: eventTitle })}</span>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => update({ saleEventId: null })}>{t('console.flashList.clearEvent')}</button>
          </span>
        )}
      </div>
      <section className="card flush" data-testid="flash-list">
        {q.isPending ? <Loading /> : q.error ? <ErrorState error={q.error} onRetry={() => q.refetch()} /> : items.length === 0
          ? <Empty>{phase || brandId || saleEventId ? t('console.flashList.noMatch') : t('console.flashList.none')}</Empty> : (
            <>
              <table className="table" data-testid="flash-list-table">
                <thead><tr>
                  <th>{t('console.flashList.columns.event')}</th><th>{t('console.flashList.columns.item')}</th><th className="num">{t('console.flashList.columns.price')}</th>
                  <th className="num">{t('console.flashList.columns.limits')}</th><th className="num">{t('console.flashList.columns.figures')}</th>
                  <th>{t('console.flashList.columns.window')}</th><th>{t('console.flashList.columns.phase')}</th>
                </tr></thead>
                <tbody>
                  {items.map((i) => (
                    <tr key={i.id} data-testid="flash-list-row" data-id={i.id} data-phase={i.phase} data-event={i.saleEventId}>
                      <td>
                        <Link to={`/console/events/${i.saleEventId}#flash-h`} data-testid="flash-list-event-link">{i.eventTitle}</Link>
                        <div className="muted small">{i.brandName}</div>
                      </td>
                      <td>
                        <div>{i.productName} · {i.colour} {i.size}</div>
                        <div className="mono muted small">{i.skuCode}</div>
                      </td>
                      <td className="num price" data-testid="flash-list-price">{yuan(i.price)}</td>
                      <td className="num">{t('console.flashList.limits', { buyer: i.perBuyerLimit, reseller: i.perResellerLimit })}</td>
                      <td className="num">
                        <div className="strong" data-testid="flash-list-figures">{t('console.flashList.figures', { claimed: i.claimed, sold: i.sold, left: i.left })}</div>
                        <div className="muted small">{t('console.flashList.ofQuantity', { n: i.quantity })}</div>
                      </td>
                      <td className="nowrap">{fmtDateTime(i.startsAt)}<div className="muted small">{fmtDateTime(i.endsAt)}</div></td>
                      <td><span className={`tag tag-${PHASE_TAG[i.phase]}`} data-testid="flash-list-phase">{t(`console.flash.phase.${i.phase}`)}</span></td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <LoadMore q={q} count={items.length} testId="flash-list-more" />
            </>
          )}
      </section>
    </>
  );
}

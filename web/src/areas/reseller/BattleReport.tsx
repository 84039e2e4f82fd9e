// 销售战报: an event's live battle report — "N sold in the first M minutes", sell-through, buyers,
// the cumulative curve, top SKUs — with ready-to-send copy and my link, to post as social proof.
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get, post } from '../../lib/api.ts';
import { Chart } from '../../components/Chart.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { copyText, useToast } from './ui.tsx';
import { pct } from './Data.tsx';
import './data.i18n.ts';
import './share.css';

interface Report {
  saleEventId: string; title: string; brandName: string; status: string; startsAt: string; endsAt: string; now: string;
  totals: { initial: number; sold: number; sellThroughBps: number; orders: number; buyers: number; resellers: number; skus: number; soldOutSkus: number };
  opening: { minutes: number; units: number };
  peak: { at: string; units: number } | null;
  topSkus: { productName: string; colour: string; size: string; sold: number; initial: number; sellThroughBps: number }[];
  curve: { at: string; units: number; cumulative: number }[];
}

function Curve({ r }: { r: Report }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => ({
    grid: { left: 40, right: 16, top: 16, bottom: 26 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: r.curve.map((c) => c.at.slice(11)), axisLabel: { fontSize: 10 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 10 }, splitLine: { lineStyle: { color: '#f0f1f4' } } },
    series: [{ name: t('reseller.report.curve'), type: 'line', smooth: true, showSymbol: false, lineStyle: { color: '#e4393c', width: 2 }, areaStyle: { color: 'rgba(228, 57, 60, .14)' }, data: r.curve.map((c) => c.cumulative) }],
  }), [r, t]);
  return <Chart option={option} height={200} label={t('reseller.report.chartLabel')} />;
}

export default function BattleReport() {
  const { t } = useTranslation();
  const toast = useToast();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['reseller', 'battle-report', id], queryFn: ({ signal }) => get<Report>(`/sale-events/${id}/battle-report`, signal), refetchInterval: 30_000 });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const copy = async () => {
    const link = await post<{ url: string }>('/reseller/share-links', { target: 'event', saleEventId: r.saleEventId, channel: 'group' }).then((l) => l.url).catch(() => '');
    const top = r.topSkus.slice(0, 3).map((s) => s.productName).filter((v, i, a) => a.indexOf(v) === i).join('、');
    const text = t('reseller.report.text', {
      brand: r.brandName, title: r.title,
      headline: r.opening.units > 0 ? t('reseller.report.headline', { m: r.opening.minutes, n: r.opening.units }) : t('reseller.report.headlineSold', { n: r.totals.sold, buyers: r.totals.buyers }), sold: r.totals.sold, rate: pct(r.totals.sellThroughBps), buyers: r.totals.buyers,
      top: top ? t('reseller.report.topLine', { items: top }) : '', link,
    });
    toast((await copyText(text.replace(/\n\n/g, '\n'))) ? t('reseller.report.copied') : t('reseller.share.copyFailed'));
  };
  return (
    <div className="stack-12" data-testid="battle-report">
      <section className="card rs-report-head">
        <div className="muted">{r.brandName}</div>
        <h2>{r.title}</h2>
        {r.totals.sold === 0 ? <p className="hint">{t('reseller.report.none')}</p> : (
          <p className="rs-report-headline" data-testid="report-headline">
            {r.opening.units > 0 ? t('reseller.report.headline', { m: r.opening.minutes, n: r.opening.units }) : t('reseller.report.headlineSold', { n: r.totals.sold, buyers: r.totals.buyers })}
          </p>
        )}
        <div className="rs-kpis rs-kpis-3">
          <div><span className="muted">{t('reseller.report.sold')}</span><b className="num">{r.totals.sold}</b></div>
          <div><span className="muted">{t('reseller.report.sellThrough')}</span><b className="num">{pct(r.totals.sellThroughBps)}</b></div>
          <div><span className="muted">{t('reseller.report.buyers')}</span><b className="num">{r.totals.buyers}</b></div>
        </div>
        <div className="rs-progress" aria-hidden><span style={{ width: `${Math.min(100, r.totals.sellThroughBps / 100)}%` }} /></div>
        <div className="muted">
          {r.totals.soldOutSkus > 0 && `${t('reseller.report.soldOut', { n: r.totals.soldOutSkus })} · `}{t('reseller.report.resellers')} {r.totals.resellers}
          {r.peak && ` · ${t('reseller.report.peak', { time: r.peak.at.slice(11), n: r.peak.units })}`}
        </div>
      </section>
      {r.curve.length > 1 && <section className="card"><h2>{t('reseller.report.curve')}</h2><Curve r={r} /></section>}
      {r.topSkus.length > 0 && (
        <section className="card">
          <h2>{t('reseller.report.top')}</h2>
          <ol className="rs-top">{r.topSkus.map((s, i) => <li key={i}><span className="rs-grow">{s.productName} <small className="muted">{s.colour} {s.size}</small></span><span className="num">{s.sold}</span><span className="num muted">{pct(s.sellThroughBps)}</span></li>)}</ol>
        </section>
      )}
      <button type="button" className="btn btn-primary btn-block" onClick={() => void copy()} data-testid="copy-report">{t('reseller.report.copy')}</button>
      <section className="card rs-poster" data-testid="report-image">
        <h2>{t('reseller.report.image')}</h2>
        <img src={`/api/v1/sale-events/${r.saleEventId}/battle-report.png?v=${r.totals.sold}`} alt={t('reseller.report.image')} data-testid="report-png" />
        <a className="btn btn-block" href={`/api/v1/sale-events/${r.saleEventId}/battle-report.png?download=1`} download>{t('reseller.report.saveImage')}</a>
        <p className="hint">{t('reseller.share.posterHint')}</p>
      </section>
    </div>
  );
}

// 销售战报: an event's live battle report — "N sold in the first M minutes", sell-through, buyers,
// the cumulative curve, top SKUs — with ready-to-send copy and my link, to post as social proof.
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { get, post } from '../../lib/api.ts';
import { BattleCurve, battleReportImage, battleReportPath, reportHeadline, type BattleReport as Report } from '../../components/BattleReport.tsx';
import { ErrorState, Loading } from '../../components/states.tsx';
import { copyText, useToast } from './ui.tsx';
import { sellThroughPercent } from '../../lib/money.ts';
import './data.i18n.ts';
import './share.css';

export default function BattleReport() {
  const { t } = useTranslation();
  const toast = useToast();
  const { id = '' } = useParams();
  const q = useQuery({ queryKey: ['reseller', 'battle-report', id], queryFn: ({ signal }) => get<Report>(battleReportPath(id), signal), refetchInterval: 30_000 });
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorState error={q.error} onRetry={() => q.refetch()} />;
  const r = q.data;
  const copy = async () => {
    const link = await post<{ url: string }>('/reseller/share-links', { target: 'event', saleEventId: r.saleEventId, channel: 'group' }).then((l) => l.url).catch(() => '');
    const top = r.topSkus.slice(0, 3).map((s) => s.productName).filter((v, i, a) => a.indexOf(v) === i).join('、');
    const text = t('reseller.report.text', {
      brand: r.brandName, title: r.title,
      headline: reportHeadline(t, r), sold: r.totals.sold, rate: sellThroughPercent(r.totals.sellThroughBps), buyers: r.totals.buyers,
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
            {reportHeadline(t, r)}
          </p>
        )}
        <div className="rs-kpis rs-kpis-3">
          <div><span className="muted">{t('reseller.report.sold')}</span><b className="num">{r.totals.sold}</b></div>
          <div><span className="muted">{t('reseller.report.sellThrough')}</span><b className="num">{sellThroughPercent(r.totals.sellThroughBps)}</b></div>
          <div><span className="muted">{t('reseller.report.buyers')}</span><b className="num">{r.totals.buyers}</b></div>
        </div>
        <div className="rs-progress" aria-hidden><span style={{ width: `${Math.min(100, r.totals.sellThroughBps / 100)}%` }} /></div>
        <div className="muted">
          {r.totals.soldOutSkus > 0 && `${t('reseller.report.soldOut', { n: r.totals.soldOutSkus })} · `}{t('reseller.report.resellers')} {r.totals.resellers}
          {r.peak && ` · ${t('reseller.report.peak', { time: r.peak.at.slice(11), n: r.peak.units })}`}
        </div>
      </section>
      {r.curve.length > 1 && <section className="card"><h2>{t('reseller.report.curve')}</h2><BattleCurve r={r} /></section>}
      {r.topSkus.length > 0 && (
        <section className="card">
          <h2>{t('reseller.report.top')}</h2>
          <div className="rs-top-head muted" aria-hidden><span className="rs-grow" /><span className="num">{t('reseller.report.sold')}</span><span className="num">{t('reseller.report.sellThrough')}</span></div>
          <ol className="rs-top">{r.topSkus.map((s, i) => <li key={i}><span className="rs-grow">{s.productName} <small className="muted">{s.colour} {s.size}</small></span><span className="num" aria-label={t('reseller.report.sold')}>{s.sold}</span><span className="num muted" aria-label={t('reseller.report.sellThrough')}>{sellThroughPercent(s.sellThroughBps)}</span></li>)}</ol>
        </section>
      )}
      <button type="button" className="btn btn-primary btn-block" onClick={() => void copy()} data-testid="copy-report">{t('reseller.report.copy')}</button>
      <section className="card rs-poster" data-testid="report-image">
        <h2>{t('reseller.report.image')}</h2>
        <img src={battleReportImage(r.saleEventId)} alt={t('reseller.report.image')} data-testid="report-png" />
        <a className="btn btn-block" href={battleReportImage(r.saleEventId, { download: true })} download>{t('reseller.report.saveImage')}</a>
        <p className="hint">{t('reseller.share.posterHint')}</p>
      </section>
    </div>
  );
}

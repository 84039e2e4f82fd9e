// Brand portal: presales (以销定产) — demand while a presale runs (progress to the MOQ, demand by
// size and per SKU, refreshed live) and the production orders confirmed presales issue, with
// the brand's acknowledgement.
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { EChartsOption } from 'echarts';
import { get, post } from '../../lib/api.ts';
import { percent } from '../../lib/money.ts';
import { Chart } from '../../components/Chart.tsx';
import { Empty, QueryView } from '../../components/states.tsx';
import { LIVE_REFRESH_MS, fmtDateTime, fmtDay, sortSizes } from './data.ts';
import './presales.i18n.ts';

const RED = '#e4393c', ORANGE = '#fa8c16', GREY = '#c9cdd4';

interface PresaleSummary {
  id: string; saleEventId: string; eventTitle: string; brandId: string; moq: number; deadline: string; shipDays: number;
  status: 'collecting' | 'confirmed' | 'failed'; open: boolean; decidedAt: string | null; paidUnits: number; pendingUnits: number; progressBps: number; expectedShipDate: string;
}
interface ProductionOrder {
  id: string; presaleId: string; status: 'issued' | 'acknowledged' | 'cancelled'; committedShipDate: string; totalUnits: number; createdAt: string; acknowledgedAt: string | null; amendedAt: string | null;
  lines: { skuId: string; quantity: number; productName: string; colour: string; size: string }[];
}
interface PresaleDetail extends PresaleSummary {
  skus: { eventSkuId: string; skuId: string; productName: string; colour: string; size: string; paid: number; pending: number; capacity: number }[];
  bySize: { size: string; paid: number; pending: number }[];
  productionOrder: ProductionOrder | null;
}

function StatusTag({ status }: { status: PresaleSummary['status'] }) {
  const { t } = useTranslation();
  const cls = status === 'confirmed' ? 'tag-paid' : status === 'failed' ? 'tag-cancelled' : 'tag-live';
  return <span className={`tag ${cls}`} data-testid="presale-status">{t(`brand.presales.statuses.${status}`)}</span>;
}

function MoqChart({ p }: { p: PresaleSummary }) {
  const { t } = useTranslation();
  const option = useMemo<EChartsOption>(() => {
    const top = Math.max(p.moq, p.paidUnits + p.pendingUnits);
    return {
      grid: { left: 90, right: 40, top: 28, bottom: 48 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { bottom: 0, data: [t('brand.presales.paid'), t('brand.presales.pending')] },
      xAxis: { type: 'value', min: 0, max: Math.ceil(top * 1.1) },
      yAxis: { type: 'category', data: [t('brand.presales.progress')] },
      series: [
        {
          name: t('brand.presales.paid'), type: 'bar', stack: 'u', barWidth: 36, itemStyle: { color: RED }, // paid units are red in both charts; reached or not, the dashed line and the words say
          data: [p.paidUnits], label: { show: true, formatter: `${p.paidUnits}` },
          markLine: { symbol: 'none', lineStyle: { color: ORANGE, type: 'dashed', width: 2 }, label: { formatter: t('brand.presales.moqMark', { n: p.moq }) }, data: [{ xAxis: p.moq }] },
        },
        { name: t('brand.presales.pending'), type: 'bar', stack: 'u', itemStyle: { color: GREY }, data: [p.pendingUnits] },
      ],
    };
  }, [p.moq, p.paidUnits, p.pendingUnits, t]);
  return <Chart option={option} height={180} label={t('brand.presales.moqLabel')} />;
}

function SizeChart({ rows }: { rows: PresaleDetail['bySize'] }) {
  const { t } = useTranslation();
  const key = JSON.stringify(rows);
  const option = useMemo<EChartsOption>(() => {
    const order = sortSizes(rows.map((r) => r.size));
    const sorted = order.map((z) => rows.find((r) => r.size === z)!);
    return {
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: [t('brand.presales.paid'), t('brand.presales.pending')] },
      xAxis: { type: 'category', data: order },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('brand.presales.paid'), type: 'bar', stack: 'u', barMaxWidth: 48, itemStyle: { color: RED }, data: sorted.map((r) => r.paid), label: { show: true, position: 'inside' } },
        { name: t('brand.presales.pending'), type: 'bar', stack: 'u', barMaxWidth: 48, itemStyle: { color: GREY, borderRadius: [4, 4, 0, 0] }, data: sorted.map((r) => r.pending) },
      ],
    };
  }, [key, t]);
  return <Chart option={option} height={260} label={t('brand.presales.bySizeLabel')} />;
}

function ProductionOrderCard({ po, brandId }: { po: ProductionOrder; brandId: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const ack = useMutation({
    mutationFn: () => post<ProductionOrder>(`/production-orders/${po.id}/acknowledge`),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: ['brand', brandId, 'presales'] }); void qc.invalidateQueries({ queryKey: ['brand', brandId, 'production-orders'] }); },
  });
  return (
    <section className="card" data-testid="production-order">
      <div className="row">
        <h2>{t('brand.presales.po')} <code>{po.id}</code></h2>
        <span className="spacer" />
        <span className={`tag ${po.status === 'acknowledged' ? 'tag-paid' : po.status === 'cancelled' ? 'tag-cancelled' : 'tag-live'}`} data-testid="po-status">{t(`brand.presales.${po.status}`)}</span>
        {po.status === 'issued'
          ? <button type="button" className="btn btn-primary" onClick={() => ack.mutate()} disabled={ack.isPending} data-testid="acknowledge">{t('brand.presales.acknowledge')}</button>
          : po.acknowledgedAt && <span className="muted">{t('brand.presales.acknowledgedAt', { time: fmtDateTime(po.acknowledgedAt, i18n.language) })}</span>}
      </div>
      {po.amendedAt && <p className="bp-notice" data-testid="po-amended">{t(po.status === 'cancelled' ? 'brand.presales.poCancelled' : 'brand.presales.amended', { time: fmtDateTime(po.amendedAt, i18n.language) })}</p>}
      {po.status !== 'cancelled' && <p><strong>{t('brand.presales.willShip', { date: fmtDay(po.committedShipDate, i18n.language) })}</strong> · {t('brand.presales.units')} {po.totalUnits}</p>}
      <table className="table">
        <thead><tr><th>{t('brand.presales.product')}</th><th>{t('brand.presales.colour')}</th><th>{t('brand.presales.size')}</th><th className="num">{t('brand.presales.units')}</th></tr></thead>
        <tbody>{po.lines.map((l) => <tr key={l.skuId}><td>{l.productName}</td><td>{l.colour}</td><td>{l.size}</td><td className="num">{l.quantity}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

export function PresaleList({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['brand', brandId, 'presales'], queryFn: ({ signal }) => get<{ items: PresaleSummary[] }>('/presales', signal), refetchInterval: LIVE_REFRESH_MS });
  const pos = useQuery({ queryKey: ['brand', brandId, 'production-orders'], queryFn: ({ signal }) => get<{ items: ProductionOrder[] }>('/production-orders', signal) });
  return (
    <>
      <div className="page-head"><h1>{t('brand.presales.heading')}</h1></div>
      <p className="muted">{t('brand.presales.intro')}</p>
      <section className="card bp-flush">
        <QueryView q={q} empty={(d) => d.items.length === 0}>
          {(d) => (
            <table className="table" data-testid="presales">
              <thead><tr><th>{t('brand.presales.event')}</th><th>{t('brand.presales.deadline')}</th><th className="num">{t('brand.presales.moq')}</th><th>{t('brand.presales.progress')}</th><th>{t('brand.presales.status')}</th><th>{t('brand.presales.shipDate')}</th><th /></tr></thead>
              <tbody>
                {d.items.map((p) => (
                  <tr key={p.id} data-testid="presale-row">
                    <td>{p.eventTitle}</td>
                    <td>{fmtDateTime(p.deadline, i18n.language)}</td>
                    <td className="num">{p.moq}</td>
                    <td><span className="bp-progress"><span className="progress"><span style={{ width: `${p.progressBps / 100}%` }} /></span><span className="num">{p.paidUnits}/{p.moq} · {percent(p.progressBps)}</span></span></td>
                    <td><StatusTag status={p.status} /></td>
                    <td>{fmtDay(p.expectedShipDate, i18n.language)}</td>
                    <td><Link to={`/brand/presales/${p.id}`} data-testid="presale-open">{t('brand.presales.detail')}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </QueryView>
      </section>
      <h2>{t('brand.presales.productionOrders')}</h2>
      <QueryView q={pos} empty={(d) => d.items.length === 0}>
        {(d) => <>{d.items.map((po) => <ProductionOrderCard key={po.id} po={po} brandId={brandId} />)}</>}
      </QueryView>
    </>
  );
}

export function PresaleDetailPage({ brandId }: { brandId: string }) {
  const { t, i18n } = useTranslation();
  const { presaleId = '' } = useParams();
  const q = useQuery({ queryKey: ['brand', brandId, 'presales', presaleId], queryFn: ({ signal }) => get<PresaleDetail>(`/presales/${presaleId}`, signal), refetchInterval: LIVE_REFRESH_MS });
  return (
    <QueryView q={q}>
      {(p) => (
        <>
          <div className="page-head bp-title-row"><h1 data-testid="presale-title">{p.eventTitle}</h1><StatusTag status={p.status} /></div>
          <p className="muted"><Link to="/brand/presales">‹ {t('brand.presales.back')}</Link> · {t('brand.presales.deadline')} {fmtDateTime(p.deadline, i18n.language)} · {t('brand.presales.shipDate')} {fmtDay(p.expectedShipDate, i18n.language)}</p>
          <div className="kpis">
            <div className="kpi"><div className="label">{t('brand.presales.moq')}</div><div className="value" data-testid="ps-moq">{p.moq}</div></div>
            <div className="kpi"><div className="label">{t('brand.presales.paid')}</div><div className="value bp-money" data-testid="ps-paid">{p.paidUnits}</div></div>
            <div className="kpi"><div className="label">{t('brand.presales.pending')}</div><div className="value">{p.pendingUnits}</div></div>
            <div className="kpi"><div className="label">{t('brand.presales.toMoq')}</div><div className="value" data-testid="ps-progress">{percent(p.progressBps)}</div>
              <div className="hint">{p.paidUnits >= p.moq ? t('brand.presales.reached') : t('brand.presales.remaining', { n: p.moq - p.paidUnits })}</div></div>
          </div>
          <div className="bp-two bp-two-even">
            <section className="card" data-testid="chart-moq"><h2>{t('brand.presales.moqChart')}</h2><MoqChart p={p} /></section>
            <section className="card" data-testid="chart-presale-size"><h2>{t('brand.presales.bySizeChart')}</h2>{p.bySize.length ? <SizeChart rows={p.bySize} /> : <Empty />}</section>
          </div>
          {p.productionOrder && <ProductionOrderCard po={p.productionOrder} brandId={brandId} />}
          <section className="card bp-flush">
            <h2 style={{ padding: '12px 16px 0' }}>{t('brand.presales.skuTable')}</h2>
            <table className="table" data-testid="presale-skus">
              <thead><tr><th>{t('brand.presales.product')}</th><th>{t('brand.presales.colour')}</th><th>{t('brand.presales.size')}</th><th className="num">{t('brand.presales.paid')}</th><th className="num">{t('brand.presales.pending')}</th><th className="num">{t('brand.presales.capacity')}</th></tr></thead>
              <tbody>{p.skus.map((s) => <tr key={s.skuId}><td>{s.productName}</td><td>{s.colour}</td><td>{s.size}</td><td className="num"><strong>{s.paid}</strong></td><td className="num">{s.pending}</td><td className="num muted">{s.capacity}</td></tr>)}</tbody>
            </table>
          </section>
        </>
      )}
    </QueryView>
  );
}

// ECharts, loaded only by the screens that draw charts (the storefront never pays for it).
import { useEffect, useRef } from 'react';
import type { EChartsOption } from 'echarts';

export function Chart({ option, height = 280, label }: { option: EChartsOption; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { setOption(o: EChartsOption): void; dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    void import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.setOption({ animation: false, ...option });
      window.addEventListener('resize', onResize);
    });
    return () => { disposed = true; window.removeEventListener('resize', onResize); chart?.dispose(); };
  }, [option]);
  return <div ref={el} role="img" aria-label={label} style={{ width: '100%', height }} className="chart" />;
}

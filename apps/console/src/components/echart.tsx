import { BarChart, PieChart, ScatterChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use, type EChartsCoreOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useAppliedTheme } from '../theme';

use([BarChart, PieChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

/**
 * One ECharts canvas. The chart is a picture for the eye: `label` describes it for screen readers, and
 * every figure it shows is also in a table beside it. Click events give the data index of the series.
 */
export default function EChart({ option, label, height, onPick, className }: { option: EChartsCoreOption; label: string; height: number; onPick?: (seriesIndex: number, dataIndex: number) => void; className?: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  const theme = useAppliedTheme();

  useEffect(() => {
    if (element.current === null) return;
    const instance = init(element.current, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (event) => pick.current?.(event.seriesIndex ?? 0, event.dataIndex));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [theme]);

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', animation: false, ...option }, { notMerge: true });
  }, [option, theme]);

  return <div ref={element} className={className ?? 'chart'} style={{ height }} role="img" aria-label={label} />;
}

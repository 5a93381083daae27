import { lazy, Suspense, type ComponentProps } from 'react';
import type EChartComponent from './echart';

/**
 * ECharts is most of the console's JavaScript: it loads in its own chunk after the first screen, so
 * tables and figures show without waiting for it; a box of the chart's size holds its place meanwhile.
 */
const LoadedEChart = lazy(() => import('./echart'));

export function EChart(props: ComponentProps<typeof EChartComponent>) {
  return (
    <Suspense fallback={<div className={props.className ?? 'chart'} style={{ height: props.height }} role="img" aria-label={`${props.label} (loading)`} aria-busy="true" />}>
      <LoadedEChart {...props} />
    </Suspense>
  );
}

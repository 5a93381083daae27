import { useMemo } from 'react';
import type { RequestSummary, SessionStats } from '../api/gateway-types';
import { formatCount, formatTime } from '../model/format';
import { EChart } from './lazy-echart';

type Timeline = NonNullable<SessionStats['timeline']>;

/**
 * The session's requests over time. While the table holds every matching request: each request by its
 * response time (y), malicious ones as red triangles, a click opens it. When it holds only the first
 * pages of a large session: the whole session in bars of one width from the statistics, malicious
 * requests stacked in red.
 */
export function RequestTimeline({ requests, total, timeline, onOpen }: { requests: RequestSummary[]; total: number | null; timeline?: Timeline; onOpen: (requestId: string) => void }) {
  if (total !== null && total > requests.length && timeline && timeline.buckets.length > 0) return <TimelineBars timeline={timeline} total={total} />;
  return <RequestPoints requests={requests} total={total} onOpen={onOpen} />;
}

function TimelineBars({ timeline, total }: { timeline: Timeline; total: number }) {
  const option = useMemo(
    () => ({
      grid: { left: 48, right: 16, top: 28, bottom: 28 },
      legend: { top: 0, right: 8, data: ['Legitimate', 'Malicious'] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: timeline.buckets.map((bucket) => formatTime(bucket.from)) },
      yAxis: { type: 'value', name: 'requests', nameGap: 8 },
      series: [
        { name: 'Legitimate', type: 'bar', stack: 'requests', itemStyle: { color: '#3b7dd8' }, data: timeline.buckets.map((bucket) => bucket.requestCount - bucket.maliciousCount) },
        { name: 'Malicious', type: 'bar', stack: 'requests', itemStyle: { color: '#d64545' }, data: timeline.buckets.map((bucket) => bucket.maliciousCount) },
      ],
    }),
    [timeline],
  );
  const malicious = timeline.buckets.reduce((sum, bucket) => sum + bucket.maliciousCount, 0);
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        Timeline <span className="muted small-text">({formatCount(total)} requests in bars of {timeline.interval ?? 'one width'}, {formatCount(malicious)} malicious)</span>
      </h2>
      <EChart option={option} height={170} label={`Requests over time in bars of ${timeline.interval ?? 'one width'}: ${formatCount(total)} requests, ${formatCount(malicious)} malicious`} />
    </section>
  );
}

function RequestPoints({ requests, total, onOpen }: { requests: RequestSummary[]; total: number | null; onOpen: (requestId: string) => void }) {
  const { legitimate, malicious } = useMemo(() => {
    const legitimateRequests: RequestSummary[] = [];
    const maliciousRequests: RequestSummary[] = [];
    for (const request of requests) (request.attackTypes.length > 0 ? maliciousRequests : legitimateRequests).push(request);
    return { legitimate: legitimateRequests, malicious: maliciousRequests };
  }, [requests]);

  const option = useMemo(() => {
    const point = (request: RequestSummary) => ({ value: [Date.parse(request.timestamp), request.durationMs ?? 0], name: `${request.method} ${request.path}` });
    return {
      grid: { left: 48, right: 16, top: 28, bottom: 28 },
      legend: { top: 0, right: 8, data: ['Legitimate', 'Malicious'] },
      tooltip: {
        trigger: 'item',
        formatter: (item: { seriesName: string; name: string; value: [number, number] }) => `${formatTime(new Date(item.value[0]).toISOString())}<br/>${escapeHtml(item.name)}<br/>${item.value[1]} ms · ${item.seriesName}`,
      },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'ms', nameGap: 8 },
      series: [
        { name: 'Legitimate', type: 'scatter', symbolSize: 6, itemStyle: { color: '#3b7dd8' }, data: legitimate.map(point), large: legitimate.length > 2000 },
        { name: 'Malicious', type: 'scatter', symbol: 'triangle', symbolSize: 11, itemStyle: { color: '#d64545' }, data: malicious.map(point) },
      ],
    };
  }, [legitimate, malicious]);

  if (requests.length === 0) return null;
  return (
    <section className="timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        Timeline <span className="muted small-text">({total !== null && total > requests.length ? `${formatCount(requests.length)} of ${formatCount(total)} requests loaded` : `${formatCount(requests.length)} requests`}, {formatCount(malicious.length)} malicious)</span>
      </h2>
      <EChart
        option={option}
        height={170}
        label={`Requests over time: ${formatCount(legitimate.length)} legitimate, ${formatCount(malicious.length)} malicious`}
        onPick={(seriesIndex, dataIndex) => {
          const request = (seriesIndex === 1 ? malicious : legitimate)[dataIndex];
          if (request) onOpen(request.id);
        }}
      />
    </section>
  );
}

/** The tooltip is HTML; request paths come from the traffic and must stay text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

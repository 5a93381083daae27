import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { gateway } from '../api/gateway-client';
import type { SessionStats, ValueShare } from '../api/gateway-types';
import type { FilterName } from '../model/filters';
import { showOnlyFilters, type StatsGroupKey } from '../model/show-only';
import { formatCount, formatDurationMs, formatShare, plural } from '../model/format';
import { EChart } from './lazy-echart';
import { ErrorState, Loading } from './states';

type GroupKey = StatsGroupKey;

const groups: Array<{ key: GroupKey; title: string }> = [
  { key: 'legitimacy', title: 'Legitimate vs malicious' },
  { key: 'byMethod', title: 'Methods' },
  { key: 'byStatus', title: 'Response codes' },
  { key: 'byAttackType', title: 'Attack types' },
  { key: 'byClientIp', title: 'Client IPs' },
  { key: 'byEndpoint', title: 'Endpoints' },
];

const rowsShown = 8;

export function SessionStatsPanel({ sessionId, filtersQuery, onShowOnly }: { sessionId: string; filtersQuery: string; onShowOnly: (filters: Array<[FilterName, string]>) => void }) {
  const stats = useQuery({ queryKey: ['session-stats', sessionId, filtersQuery], queryFn: ({ signal }) => gateway.sessionStats(sessionId, filtersQuery, signal) });
  return (
    <section className="stats" aria-labelledby="stats-title">
      <h2 id="stats-title">Statistics</h2>
      {stats.isPending ? (
        <Loading what="statistics" />
      ) : stats.isError ? (
        <ErrorState error={stats.error} what="statistics" onRetry={() => void stats.refetch()} />
      ) : (
        <StatsView stats={stats.data} onShowOnly={onShowOnly} />
      )}
    </section>
  );
}

function StatsView({ stats, onShowOnly }: { stats: SessionStats; onShowOnly: (filters: Array<[FilterName, string]>) => void }) {
  return (
    <>
      <p className="stats-summary" data-testid="stats-summary">
        {plural(stats.requestCount, 'request')}
        {stats.durationMs && <> · time {formatDurationMs(stats.durationMs.mean)} mean</>}
        {stats.responseBytes && <> · {formatCount(stats.responseBytes.total)} B received</>}
        {stats.requestBytes && <> · {formatCount(stats.requestBytes.total)} B sent</>}
      </p>
      <div className="stats-grid">
        {groups.map((group) => (
          <StatsGroup key={group.key} group={group} values={stats[group.key] ?? []} otherCount={group.key === 'byMethod' || group.key === 'legitimacy' ? 0 : (stats.otherCounts?.[group.key] ?? 0)} onShowOnly={onShowOnly} />
        ))}
      </div>
    </>
  );
}

function StatsGroup({ group, values, otherCount, onShowOnly }: { group: (typeof groups)[number]; values: ValueShare[]; otherCount: number; onShowOnly: (filters: Array<[FilterName, string]>) => void }) {
  const [all, setAll] = useState(false);
  const shown = all ? values : values.slice(0, rowsShown);
  const chartValues = values.slice(0, 6);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item', formatter: (item: { name: string; value: number; percent: number }) => `${escapeHtml(item.name)}: ${formatCount(item.value)} (${formatShare(item.percent / 100)})` },
      series: [
        {
          type: 'pie',
          radius: ['48%', '90%'],
          label: { show: false },
          emphasis: { scale: false },
          data: [
            ...chartValues.map((value, index) => ({ name: value.value, value: value.count, itemStyle: { color: colourOf(group.key, value.value, index) } })),
            ...(otherCount > 0 ? [{ name: 'other values', value: otherCount, itemStyle: { color: '#9aa5b1' } }] : []),
          ],
        },
      ],
    }),
    [chartValues, group.key, otherCount],
  );
  return (
    <div className="stats-group" data-group={group.key}>
      <h3>{group.title}</h3>
      {values.length === 0 ? (
        <p className="muted">None within the filters.</p>
      ) : (
        <>
          <div className="stats-body">
            <EChart option={option} label={`${group.title}: ${chartValues.map((value) => `${value.value} ${formatShare(value.share)}`).join(', ')}`} height={68} className="chart donut" />
            <table className="stats-table">
              <thead>
                <tr>
                  <th scope="col">Value</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Filter</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((value, index) => {
                  const filter = showOnlyFilters(group.key, value.value);
                  return (
                    <tr key={value.value} className={group.key === 'legitimacy' && value.value === 'malicious' ? 'malicious' : undefined}>
                      <td className="mono ellipsis" title={value.value}>
                        <span className="swatch" style={{ background: index < chartValues.length ? colourOf(group.key, value.value, index) : 'transparent' }} aria-hidden="true" />
                        {value.value}
                      </td>
                      <td className="num">{formatCount(value.count)}</td>
                      <td className="num">
                        {formatShare(value.share)}
                      </td>
                      <td>
                        <button type="button" className="small link-like" disabled={filter === null} title={filter === null ? 'The gateway has no filter for this value' : undefined} onClick={() => filter !== null && onShowOnly(filter)} aria-label={`Show only ${group.title.toLowerCase()} ${value.value}`}>
                          Show only
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {otherCount > 0 && <p className="muted small-text">Other values: {formatCount(otherCount)} requests</p>}
          {values.length > rowsShown && (
            <button type="button" className="small link-like" onClick={() => setAll(!all)} aria-expanded={all}>
              {all ? 'Show fewer' : `Show all ${values.length}`}
            </button>
          )}
        </>
      )}
    </div>
  );
}

const palette = ['#3b7dd8', '#2a9d8f', '#e9a23b', '#8e6ccf', '#5aa9e6', '#c06c84'];

/** Malicious values are red in every group; the others take the palette in order. */
function colourOf(group: GroupKey, value: string, index: number): string {
  if (group === 'byAttackType' || (group === 'legitimacy' && value === 'malicious')) return index === 0 || group === 'legitimacy' ? '#d64545' : ['#d64545', '#b5473a', '#e07a5f', '#9d2f2f', '#f08a7e', '#7a1f1f'][index % 6];
  if (group === 'legitimacy') return '#3b7dd8';
  return palette[index % palette.length];
}

/** ECharts tooltips are HTML; values come from the traffic and must stay text. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

import { useInfiniteQuery } from '@tanstack/react-query';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { gateway } from '../api/gateway-client';
import type { SessionListItem } from '../api/gateway-types';
import { FilterBar } from '../components/filter-bar';
import { Empty, ErrorState, Loading } from '../components/states';
import { TimeWindowPicker } from '../components/time-window-picker';
import { VirtualTable } from '../components/virtual-table';
import { Filters, filtersQuery, isEmptyFilters, noFilters, readFilters, withValues } from '../model/filters';
import { formatCount, formatDateTime, formatDurationMs, plural, spanMs } from '../model/format';
import { sessionListUrl, sessionUrlFromList } from '../model/session-links';
import { useTitle } from '../use-title';

const pageSize = 100;
const column = createColumnHelper<SessionListItem>();

function MoreCount({ values, shown }: { values: readonly string[]; shown: number }) {
  if (values.length <= shown) return null;
  return <span className="muted"> +{values.length - shown}</span>;
}

export function SessionListPage() {
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => readFilters(searchParams), [searchParams]);
  const query = filtersQuery(filters);
  const setFilters = useCallback((next: Filters) => navigate(sessionListUrl(next)), [navigate]);

  const sessions = useInfiniteQuery({
    queryKey: ['sessions', query],
    queryFn: ({ pageParam, signal }) => gateway.sessions(query, pageParam, pageSize, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = useMemo(() => sessions.data?.pages.flatMap((page) => page.items) ?? [], [sessions.data]);
  const total = sessions.data?.pages[0]?.total ?? null;
  const totalText = total === null ? null : `${sessions.data?.pages[0]?.totalIsEstimate ? 'about ' : ''}${plural(total, 'session')}`;
  const nextPageError = sessions.isFetchNextPageError ? sessions.error : null;
  useTitle(totalText === null ? 'API Sessions' : `API Sessions (${totalText})`);

  const columns = useMemo(
    () => [
      column.display({
        id: 'date',
        header: 'Date and duration',
        size: 190,
        cell: ({ row }) => (
          <Link to={sessionUrlFromList(row.original.id, filters)} className="row-link" aria-label={`Open session of ${formatDateTime(row.original.firstSeen)} from ${row.original.clientIps[0] ?? 'unknown address'}`}>
            <span className="nowrap">{formatDateTime(row.original.firstSeen)}</span>
            <span className="muted block">{formatDurationMs(spanMs(row.original.firstSeen, row.original.lastSeen))}</span>
          </Link>
        ),
      }),
      column.display({
        id: 'requests',
        header: 'Requests and attacks',
        size: 130,
        cell: ({ row }) => (
          <>
            <span>{formatCount(row.original.requestCount)} req.</span>
            {row.original.attackCount > 0 ? (
              <span className="badge danger block-badge" title="Requests with at least one attack hit">
                {plural(row.original.attackCount, 'attack')}
              </span>
            ) : (
              <span className="muted block">no attacks</span>
            )}
          </>
        ),
      }),
      column.display({ id: 'user', header: 'User', size: 120, cell: ({ row }) => (row.original.user === null ? <span className="muted">—</span> : <span className="ellipsis">{row.original.user}</span>) }),
      column.display({
        id: 'roles',
        header: 'Roles',
        size: 110,
        cell: ({ row }) => {
          const roles = row.original.roles ?? [];
          return roles.length === 0 ? <span className="muted">—</span> : <span className="ellipsis">{roles.join(', ')}</span>;
        },
      }),
      column.display({
        id: 'clientIp',
        header: 'Client IP',
        size: 140,
        cell: ({ row }) => (
          <>
            <span className="mono">{row.original.clientIps[0] ?? '—'}</span>
            <MoreCount values={row.original.clientIps} shown={1} />
          </>
        ),
      }),
      column.display({
        id: 'application',
        header: 'Application / host',
        size: 170,
        cell: ({ row }) => (
          <>
            <span className="ellipsis block">{row.original.application}</span>
            <span className="muted ellipsis block">
              {row.original.hosts[0] ?? '—'}
              <MoreCount values={row.original.hosts} shown={1} />
            </span>
          </>
        ),
      }),
      column.display({
        id: 'endpoints',
        header: 'Requested endpoints',
        size: 300,
        cell: ({ row }) => (
          <>
            <span>{plural(row.original.endpointCount, 'endpoint')}</span>
            <ul className="endpoint-list">
              {row.original.topEndpoints.slice(0, 3).map((endpoint) => (
                <li key={`${endpoint.method} ${endpoint.host} ${endpoint.path}`} className="ellipsis mono" title={`${endpoint.method} ${endpoint.host}${endpoint.path} (${endpoint.requestCount})`}>
                  <span className="method">{endpoint.method}</span> {endpoint.path}
                </li>
              ))}
            </ul>
          </>
        ),
      }),
    ],
    [filters],
  );
  const table = useReactTable({ data: items, columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id });
  const loadMore = useCallback(() => void sessions.fetchNextPage(), [sessions]);

  return (
    <section className="page" aria-labelledby="sessions-title">
      <div className="page-head">
        <h1 id="sessions-title">API Sessions</h1>
        <p className="total" role="status" aria-live="polite" data-testid="session-total">
          {totalText ?? (sessions.isError ? '' : 'Counting sessions…')}
        </p>
        <p className="muted sort-order">latest matching request first</p>
      </div>
      <div className="controls">
        <TimeWindowPicker idPrefix="list" window={{ from: filters.from[0] ?? null, to: filters.to[0] ?? null }} onChange={(window) => setFilters({ ...filters, from: window.from ? [window.from] : [], to: window.to ? [window.to] : [] })} />
        <EndpointSearch value={filters.endpoint[0] ?? ''} onSearch={(endpoint) => setFilters(withValues(filters, 'endpoint', endpoint === '' ? [] : [endpoint]))} />
      </div>
      <FilterBar idPrefix="list" label="Session list filters" filters={filters} onChange={setFilters} />
      {sessions.isPending ? (
        <Loading what="sessions" />
      ) : sessions.isError ? (
        <ErrorState error={sessions.error} what="sessions" onRetry={() => void sessions.refetch()} />
      ) : items.length === 0 ? (
        <Empty>
          <p>No session has a request matching these filters{filters.from.length + filters.to.length > 0 ? ' in this time window' : ''}.</p>
          {!isEmptyFilters(filters) && (
            <button type="button" onClick={() => setFilters(noFilters)}>
              Clear all filters
            </button>
          )}
        </Empty>
      ) : (
        <VirtualTable
          table={table}
          caption="Sessions matching the filters, newest activity first"
          estimateRowHeight={76}
          hasMore={sessions.hasNextPage}
          loadingMore={sessions.isFetchingNextPage}
          onLoadMore={loadMore}
          rowClassName={(row) => (row.original.attackCount > 0 ? 'has-attacks' : '')}
          maxHeight="calc(100vh - 290px)"
          footer={
            sessions.isFetchingNextPage ? (
              <Loading what="more sessions" />
            ) : nextPageError ? (
              <ErrorState error={nextPageError} what="more sessions" onRetry={loadMore} />
            ) : !sessions.hasNextPage ? (
              <p className="muted end-of-list">End of the list: {plural(items.length, 'session')}.</p>
            ) : null
          }
        />
      )}
    </section>
  );
}

function EndpointSearch({ value, onSearch }: { value: string; onSearch: (endpoint: string) => void }) {
  const [text, setText] = useState(value);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setText(value);
  }
  return (
    <form
      className="endpoint-search"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(text.trim());
      }}
    >
      <label htmlFor="endpoint-search">Sessions that requested an endpoint</label>
      <div className="inline">
        <input id="endpoint-search" type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder="GET /users/{id} or /admin/*" />
        <button type="submit" className="small">
          Search
        </button>
      </div>
    </form>
  );
}

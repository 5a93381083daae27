import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createColumnHelper, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useCallback, useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { gateway, GatewayError } from '../api/gateway-client';
import type { RequestSummary, SessionDetails } from '../api/gateway-types';
import { CopyButton } from '../components/copy-button';
import { FilterBar } from '../components/filter-bar';
import { RequestDetailsLoader } from '../components/request-details';
import { RequestTimeline } from '../components/request-timeline';
import { SessionStatsPanel } from '../components/session-stats';
import { Empty, ErrorState, Loading } from '../components/states';
import { TimeWindowPicker } from '../components/time-window-picker';
import { VirtualTable } from '../components/virtual-table';
import { carriedIntoSession, equalFilters, Filters, filtersQuery, isEmptyFilters, noFilters, readFilters, withOnly, withValue } from '../model/filters';
import { formatCount, formatDateTime, formatDurationMs, formatMs, formatRange, formatTime, plural, spanMs } from '../model/format';
import { listParam, openParam, sessionUrl } from '../model/session-links';
import { useTitle } from '../use-title';

const pageSize = 200;
const column = createColumnHelper<RequestSummary>();

export function SessionDetailsPage() {
  const { sessionId = '' } = useParams();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => readFilters(searchParams), [searchParams]);
  const query = filtersQuery(filters);
  const listQuery = searchParams.get(listParam) ?? '';
  const listFilters = useMemo(() => readFilters(new URLSearchParams(listQuery)), [listQuery]);
  const openRequestId = searchParams.get(openParam);
  useTitle(`Session ${sessionId}`);

  const setFilters = useCallback((next: Filters) => navigate(sessionUrl(sessionId, next, listQuery)), [navigate, sessionId, listQuery]);
  const setOpen = useCallback((requestId: string | null) => navigate(sessionUrl(sessionId, filters, listQuery, requestId)), [navigate, sessionId, filters, listQuery]);

  const session = useQuery({ queryKey: ['session', sessionId, query], queryFn: ({ signal }) => gateway.session(sessionId, query, signal) });
  // The same query as the statistics panel's: answered once from the cache.
  const stats = useQuery({ queryKey: ['session-stats', sessionId, query], queryFn: ({ signal }) => gateway.sessionStats(sessionId, query, signal) });
  const requests = useInfiniteQuery({
    queryKey: ['session-requests', sessionId, query],
    queryFn: ({ pageParam, signal }) => gateway.sessionRequests(sessionId, query, pageParam, pageSize, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const items = useMemo(() => requests.data?.pages.flatMap((page) => page.items) ?? [], [requests.data]);
  const total = requests.data?.pages[0]?.total ?? null;
  const nextPageError = requests.isFetchNextPageError ? requests.error : null;
  const keyPoint = session.data?.keyPoint ?? null;

  const applicable = carriedIntoSession(listFilters);
  const backToList = listQuery === '' ? '/sessions' : `/sessions?${listQuery}`;

  return (
    <section className="page" aria-labelledby="session-title">
      <p className="breadcrumb">
        <Link to={backToList}>← Sessions{listQuery === '' ? '' : ' (with the list filters)'}</Link>
      </p>
      <div className="page-head">
        <h1 id="session-title">
          Session <code data-testid="session-id">{sessionId}</code>
        </h1>
        <CopyButton text={sessionId} label="Copy session id" />
        {/* Copy link and Download CSV (sharing, a later issue) take their place in this toolbar. */}
        <div className="toolbar" role="toolbar" aria-label="Session actions" />
      </div>

      {session.isPending ? <Loading what="the session" /> : session.isError ? <ErrorState error={session.error} what="the session" onRetry={() => void session.refetch()} /> : <SessionSummary session={session.data} />}
      <SessionParts sessionId={sessionId} filters={filters} listQuery={listQuery} />

      <div className="in-session-filters">
        <div className="filter-actions" role="group" aria-label="In-session filter actions">
          <button type="button" onClick={() => setFilters(withValue(filters, 'malicious', 'true'))} disabled={filters.malicious.includes('true')}>
            Show only malicious requests
          </button>
          <button type="button" onClick={() => setFilters(noFilters)} disabled={isEmptyFilters(filters)}>
            Show all requests
          </button>
          <button type="button" onClick={() => setFilters(applicable)} disabled={isEmptyFilters(applicable) || equalFilters(applicable, filters)} title="Apply the filters of the session list to this session">
            Apply filters
          </button>
        </div>
        <FilterBar idPrefix="session" label="In-session filters" filters={filters} onChange={setFilters} />
        <details className="window-details">
          <summary>Time window</summary>
          <TimeWindowPicker idPrefix="session" window={{ from: filters.from[0] ?? null, to: filters.to[0] ?? null }} onChange={(window) => setFilters({ ...filters, from: window.from ? [window.from] : [], to: window.to ? [window.to] : [] })} />
        </details>
      </div>

      <SessionStatsPanel sessionId={sessionId} filtersQuery={query} onShowOnly={(only) => setFilters(only.reduce((next, [name, value]) => withOnly(next, name, value), filters))} />
      <RequestTimeline requests={items} total={total} timeline={stats.data?.timeline} onOpen={(requestId) => setOpen(requestId)} />

      <section aria-labelledby="requests-title" className="requests">
        <h2 id="requests-title">
          Requests{' '}
          <span className="muted small-text" data-testid="request-total">
            {total === null ? '' : `${formatCount(total)} matching`}
          </span>
        </h2>
        {requests.isPending ? (
          <Loading what="requests" />
        ) : requests.isError ? (
          <ErrorState error={requests.error} what="the requests of this session" onRetry={() => void requests.refetch()} />
        ) : items.length === 0 ? (
          <Empty>
            <p>No request of this session matches the filters.</p>
            <button type="button" onClick={() => setFilters(noFilters)}>
              Show all requests
            </button>
          </Empty>
        ) : (
          <RequestsTable
            requests={items}
            openRequestId={openRequestId}
            keyPoint={keyPoint}
            onToggle={(requestId) => setOpen(requestId === openRequestId ? null : requestId)}
            hasMore={requests.hasNextPage}
            loadingMore={requests.isFetchingNextPage}
            onLoadMore={() => void requests.fetchNextPage()}
            loadMoreError={nextPageError}
          />
        )}
      </section>
    </section>
  );
}

function SessionSummary({ session }: { session: SessionDetails }) {
  const whole = session.wholeSession;
  const roles = session.roles ?? [];
  return (
    <dl className="facts summary" data-testid="session-summary">
      <div>
        <dt>Within the filters</dt>
        <dd>
          {session.firstSeen === null ? 'no request matches' : `${formatRange(session.firstSeen, session.lastSeen)} (${formatDurationMs(spanMs(session.firstSeen, session.lastSeen))})`}
        </dd>
      </div>
      <div>
        <dt>Requests and attacks</dt>
        <dd>
          {formatCount(session.requestCount)} of {plural(whole.requestCount, 'request')}{' '}
          {session.attackCount > 0 ? <span className="badge danger">{plural(session.attackCount, 'attack')}</span> : <span className="muted">no attacks</span>}
        </dd>
      </div>
      <div>
        <dt>Whole session</dt>
        <dd>
          {formatRange(whole.firstSeen, whole.lastSeen)} ({formatDurationMs(spanMs(whole.firstSeen, whole.lastSeen))}), {session.status}
          {session.closeReason ? ` (${session.closeReason === 'idle' ? 'idle timeout' : 'maximum length'})` : ''}
        </dd>
      </div>
      <div>
        <dt>User</dt>
        <dd title="Read from the application's user point; a JWT claim is decoded, not verified">
          {session.user ?? <span className="muted">—</span>}
          {session.user !== null && <span className="muted"> (as claimed: JWTs are decoded, not verified)</span>}
        </dd>
      </div>
      <div>
        <dt>Roles</dt>
        <dd>{roles.length > 0 ? roles.join(', ') : <span className="muted">—</span>}</dd>
      </div>
      <div>
        <dt>Application</dt>
        <dd>{session.application}</dd>
      </div>
      <div>
        <dt>Hosts</dt>
        <dd className="mono">{whole.hosts.join(', ')}</dd>
      </div>
      <div>
        <dt>Client IPs</dt>
        <dd className="mono">{whole.clientIps.slice(0, 5).join(', ')}{whole.clientIps.length > 5 ? ` +${whole.clientIps.length - 5}` : ''}</dd>
      </div>
      <div>
        <dt>User agents</dt>
        <dd className="mono ellipsis" title={whole.userAgents.join('\n')}>
          {whole.userAgents[0] ?? '—'}
          {whole.userAgents.length > 1 ? ` +${whole.userAgents.length - 1}` : ''}
        </dd>
      </div>
      <div>
        <dt>Grouped by</dt>
        <dd className="mono">{session.keyPoint ?? '—'}</dd>
      </div>
    </dl>
  );
}

/** The parts of a session split by the idle or length limit, oldest first, each a link (the open one marked). */
function SessionParts({ sessionId, filters, listQuery }: { sessionId: string; filters: Filters; listQuery: string }) {
  const parts = useQuery({ queryKey: ['session-parts', sessionId], queryFn: ({ signal }) => gateway.sessionParts(sessionId, signal) });
  if (parts.isPending) return null;
  // An unknown session is already said above, by the session's own error.
  if (parts.isError) return parts.error instanceof GatewayError && parts.error.status === 404 ? null : <ErrorState error={parts.error} what="the parts of this session" />;
  const list = parts.data.items;
  // A session in one part (nearly all of them) needs no navigation.
  if (list.length <= 1) return null;
  return (
    <nav className="parts" aria-label="Session parts">
      <span>Parts of this session:</span>
      <ol>
        {list.map((part) => (
          <li key={part.id}>
            {part.id === sessionId ? (
              <strong aria-current="page">Part {part.partNumber} (this one)</strong>
            ) : (
              <Link to={sessionUrl(part.id, filters, listQuery)}>
                Part {part.partNumber}: {formatDateTime(part.firstSeen)}, {formatCount(part.requestCount)} requests
                {part.attackCount > 0 ? `, ${formatCount(part.attackCount)} attacks` : ''}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function RequestsTable({
  requests,
  openRequestId,
  keyPoint,
  onToggle,
  hasMore,
  loadingMore,
  onLoadMore,
  loadMoreError,
}: {
  requests: RequestSummary[];
  openRequestId: string | null;
  keyPoint: string | null;
  onToggle: (requestId: string) => void;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  loadMoreError: unknown;
}) {
  const columns = useMemo(
    () => [
      column.display({
        id: 'time',
        header: 'Time',
        size: 215,
        cell: ({ row }) => {
          const open = row.original.id === openRequestId;
          return (
            <button type="button" className="expander" aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} details of the request at ${formatTime(row.original.timestamp)}`} onClick={() => onToggle(row.original.id)}>
              <span aria-hidden="true">{open ? '▾' : '▸'}</span> {formatTime(row.original.timestamp)}
            </button>
          );
        },
      }),
      column.display({ id: 'method', header: 'Method', size: 72, cell: ({ row }) => <span className="method mono">{row.original.method}</span> }),
      column.display({
        id: 'endpoint',
        header: 'Endpoint',
        size: 360,
        cell: ({ row }) => (
          <span className="mono ellipsis block" title={`${row.original.host}${row.original.path}${row.original.query ? `?${row.original.query}` : ''}`}>
            <span className="muted">{row.original.host}</span>
            {row.original.path}
          </span>
        ),
      }),
      column.display({ id: 'status', header: 'Code', size: 60, cell: ({ row }) => <span className={`status s${String(row.original.status ?? 0)[0]}`}>{row.original.status ?? '—'}</span> }),
      column.display({ id: 'durationMs', header: 'Time ms', size: 80, cell: ({ row }) => <span className="num block">{formatMs(row.original.durationMs)}</span> }),
      column.display({ id: 'size', header: 'Size bytes', size: 95, cell: ({ row }) => <span className="num block" title={`sent ${formatCount(row.original.requestBytes)} B, received ${formatCount(row.original.responseBytes)} B`}>{formatCount(row.original.responseBytes)}</span> }),
      column.display({
        id: 'attackTypes',
        header: 'Attack type',
        size: 130,
        cell: ({ row }) => (row.original.attackTypes.length === 0 ? <span className="muted">—</span> : row.original.attackTypes.map((type) => <span key={type} className="badge danger">{type}</span>)),
      }),
    ],
    [openRequestId, onToggle],
  );
  const table = useReactTable({ data: requests, columns, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id });
  return (
    <VirtualTable
      table={table}
      caption="Requests of the session matching the filters, in time order"
      estimateRowHeight={34}
      hasMore={hasMore}
      loadingMore={loadingMore}
      onLoadMore={onLoadMore}
      maxHeight="70vh"
      scrollToRowId={openRequestId}
      rowClassName={(row) => `${row.original.attackTypes.length > 0 ? 'malicious' : ''}${row.original.id === openRequestId ? ' open' : ''}`}
      renderExpanded={(row) => (row.original.id === openRequestId ? <RequestDetailsLoader requestId={row.original.id} keyPoint={keyPoint} /> : null)}
      footer={loadingMore ? <Loading what="more requests" /> : loadMoreError ? <ErrorState error={loadMoreError} what="more requests" onRetry={onLoadMore} /> : !hasMore ? <p className="muted end-of-list">End of the requests: {formatCount(requests.length)}.</p> : null}
    />
  );
}

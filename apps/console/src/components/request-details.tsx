import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { gateway } from '../api/gateway-client';
import type { RequestDetails } from '../api/gateway-types';
import { formatCount, formatMs, formatTime, requestUri } from '../model/format';
import { requestUrl } from '../model/session-links';
import { sessionParameters } from '../model/session-parameters';
import { CopyButton } from './copy-button';
import { ErrorState, Loading } from './states';

/**
 * Everything stored about one request. Every value from the traffic (headers, URI, bodies, attack
 * payloads) is rendered as React text, which escapes it: a payload such as `<script>` shows as those
 * characters and is never parsed as HTML or run.
 */
export function RequestDetailsLoader({ requestId, keyPoint, showPermalink = true }: { requestId: string; keyPoint: string | null; showPermalink?: boolean }) {
  const request = useQuery({ queryKey: ['request', requestId], queryFn: ({ signal }) => gateway.request(requestId, signal) });
  if (request.isPending) return <Loading what="request details" />;
  if (request.isError) return <ErrorState error={request.error} what="the request" onRetry={() => void request.refetch()} />;
  return <RequestDetailsView request={request.data} keyPoint={keyPoint} showPermalink={showPermalink} />;
}

function KeyValueTable({ caption, entries, emptyText }: { caption: string; entries: Array<[string, string]>; emptyText: string }) {
  return (
    <table className="kv-table">
      <caption>{caption}</caption>
      <tbody>
        {entries.length === 0 ? (
          <tr>
            <td className="muted">{emptyText}</td>
          </tr>
        ) : (
          entries.map(([name, value], index) => (
            <tr key={`${name}-${index}`}>
              <th scope="row" className="mono">
                {name}
              </th>
              <td className="mono break">{value}</td>
            </tr>
          ))
        )}
      </tbody>
    </table>
  );
}

const bodyPreviewChars = 4000;

function Body({ label, body }: { label: string; body: string | null }) {
  if (body === null || body === '') return null;
  return (
    <details className="body">
      <summary>
        {label} ({formatCount(body.length)} characters)
      </summary>
      <pre className="mono break">{body.length > bodyPreviewChars ? `${body.slice(0, bodyPreviewChars)}\n… (${formatCount(body.length - bodyPreviewChars)} more characters)` : body}</pre>
    </details>
  );
}

export function RequestDetailsView({ request, keyPoint, showPermalink }: { request: RequestDetails; keyPoint: string | null; showPermalink: boolean }) {
  const parameters = sessionParameters(request, keyPoint);
  return (
    <div className="request-details" data-request-id={request.id}>
      <dl className="facts">
        <div className="span-2">
          <dt>Request id</dt>
          <dd>
            <code>{request.id}</code> <CopyButton text={request.id} label="Copy request id" />
            {showPermalink && (
              <>
                {' '}
                <Link to={requestUrl(request.id)}>Permalink</Link>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatTime(request.timestamp)} UTC</dd>
        </div>
        <div>
          <dt>Client IP</dt>
          <dd className="mono">{request.clientIp}</dd>
        </div>
        <div>
          <dt>Host</dt>
          <dd className="mono">{request.host}</dd>
        </div>
        <div className="wide">
          <dt>URI</dt>
          <dd className="mono break" data-testid="request-uri">
            {request.method} {requestUri(request)}
          </dd>
        </div>
        <div>
          <dt>Application</dt>
          <dd>{request.application}</dd>
        </div>
        <div>
          <dt>Response</dt>
          <dd>
            {request.status ?? 'no response'} · {formatMs(request.durationMs)} ms · {formatCount(request.requestBytes)} B sent · {formatCount(request.responseBytes)} B received
          </dd>
        </div>
      </dl>

      {request.hits.length > 0 && (
        <table className="kv-table hits" data-testid="hits">
          <caption>Attack hits (payloads shown as text)</caption>
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Point</th>
              <th scope="col">Payload</th>
            </tr>
          </thead>
          <tbody>
            {request.hits.map((hit, index) => (
              <tr key={index}>
                <td>
                  <span className="badge danger">{hit.type}</span>
                </td>
                <td className="mono">{hit.point}</td>
                <td className="mono break payload">{hit.payload}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <table className="kv-table session-parameters">
        <caption>Session parameters {keyPoint ? <span className="muted">(grouped by {keyPoint})</span> : null}</caption>
        <tbody>
          {parameters.map((parameter) => (
            <tr key={parameter.point + parameter.name} className={parameter.grouping ? 'grouping' : undefined} aria-current={parameter.grouping ? 'true' : undefined}>
              <th scope="row" className="mono">
                {parameter.name}
              </th>
              <td className="mono break">
                {parameter.value}
                {parameter.grouping && <span className="badge accent">grouped this request</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="two-columns">
        <KeyValueTable caption="Request headers" entries={Object.entries(request.requestHeaders)} emptyText="No request headers captured" />
        <KeyValueTable caption="Response headers" entries={Object.entries(request.responseHeaders)} emptyText="No response headers captured" />
      </div>
      <Body label="Request body" body={request.requestBody} />
      <Body label="Response body" body={request.responseBody} />
    </div>
  );
}

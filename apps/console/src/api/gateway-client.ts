import type { ErrorBody, Page, RequestDetails, RequestSummary, SessionDetails, SessionPage, SessionPart, SessionStats } from './gateway-types';

/**
 * Calls to the gateway. Every failure becomes a GatewayError that says, for a person, what happened:
 * the gateway is not reachable (down, or the dev proxy has nothing behind it), or it answered an error
 * body `{code, message, details}` of the API conventions.
 */
export class GatewayError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'answered',
    readonly status: number | null,
    readonly code: string,
    message: string,
    readonly details: Array<{ field?: string; message: string }> = [],
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  get unreachable(): boolean {
    return this.kind === 'unreachable' || this.code === 'SEARCH_UNAVAILABLE';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && typeof (value as ErrorBody).code === 'string' && typeof (value as ErrorBody).message === 'string';
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { signal, headers: { accept: 'application/json' } });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new GatewayError('unreachable', null, 'GATEWAY_UNREACHABLE', 'The gateway does not answer. Check that it is running (npx sessionscope up) and reachable from this page.');
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    body = null;
  }
  if (response.ok) {
    if (body === null) throw new GatewayError('answered', response.status, 'UNREADABLE_ANSWER', `The gateway answered ${path} with something that is not JSON.`);
    return body as T;
  }
  if (isErrorBody(body)) throw new GatewayError('answered', response.status, body.code, body.message, body.details ?? []);
  // A proxy (Vite's in development, a load balancer in production) answers 502/503/504 without an
  // error body when the gateway behind it is down.
  if (response.status >= 500) throw new GatewayError('unreachable', response.status, 'GATEWAY_UNREACHABLE', `The gateway is not answering (HTTP ${response.status} from the server in front of it). Check that it is running (npx sessionscope up).`);
  throw new GatewayError('answered', response.status, `HTTP_${response.status}`, `The gateway answered HTTP ${response.status} to ${path}.`);
}

const withQuery = (path: string, query: string) => (query === '' ? path : `${path}?${query}`);
const join = (...parts: string[]) => parts.filter((part) => part !== '').join('&');
const enc = encodeURIComponent;

export const gateway = {
  sessions: (filtersQuery: string, cursor: string | null, limit: number, signal?: AbortSignal) =>
    getJson<SessionPage>(withQuery('/api/v1/sessions', join(filtersQuery, `limit=${limit}`, cursor ? `cursor=${enc(cursor)}` : '')), signal),
  session: (id: string, filtersQuery: string, signal?: AbortSignal) => getJson<SessionDetails>(withQuery(`/api/v1/sessions/${enc(id)}`, filtersQuery), signal),
  sessionStats: (id: string, filtersQuery: string, signal?: AbortSignal) => getJson<SessionStats>(withQuery(`/api/v1/sessions/${enc(id)}/stats`, filtersQuery), signal),
  sessionParts: (id: string, signal?: AbortSignal) => getJson<Page<SessionPart>>(`/api/v1/sessions/${enc(id)}/parts`, signal),
  sessionRequests: (id: string, filtersQuery: string, cursor: string | null, limit: number, signal?: AbortSignal) =>
    getJson<Page<RequestSummary>>(withQuery(`/api/v1/sessions/${enc(id)}/requests`, join(filtersQuery, `limit=${limit}`, cursor ? `cursor=${enc(cursor)}` : '')), signal),
  request: (id: string, signal?: AbortSignal) => getJson<RequestDetails>(`/api/v1/requests/${enc(id)}`, signal),
};

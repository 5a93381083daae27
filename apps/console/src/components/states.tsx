import { GatewayError } from '../api/gateway-client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <div className="state empty" role="status">
      {children}
    </div>
  );
}

/** What went wrong, for a person: the gateway is down, it refused the filters, or the thing is not there. */
export function ErrorState({ error, what, onRetry }: { error: unknown; what: string; onRetry?: () => void }) {
  const gatewayError = error instanceof GatewayError ? error : null;
  const title = gatewayError?.code === 'SEARCH_UNAVAILABLE'
    ? 'The gateway answers, but its search store (OpenSearch) does not'
    : gatewayError?.unreachable
    ? 'The gateway is not answering'
    : gatewayError?.status === 404
      ? `Not found: ${what}`
      : gatewayError?.status === 400
        ? `The gateway refused this query for ${what}`
        : `Could not load ${what}`;
  return (
    <div className="state error" role="alert" data-error-code={gatewayError?.code ?? 'UNKNOWN'}>
      <strong>{title}</strong>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      {gatewayError && gatewayError.details.length > 0 && (
        <ul>
          {gatewayError.details.map((detail, index) => (
            <li key={index}>
              {detail.field ? <code>{detail.field}</code> : null} {detail.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

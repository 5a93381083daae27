import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { gateway } from '../api/gateway-client';
import { RequestDetailsView } from '../components/request-details';
import { ErrorState, Loading } from '../components/states';
import { noFilters } from '../model/filters';
import { sessionUrl } from '../model/session-links';
import { useTitle } from '../use-title';

/** `/requests/{id}`: one request on its own, with a link to its session (opened on that request). */
export function RequestPage() {
  const { requestId = '' } = useParams();
  useTitle(`Request ${requestId}`);
  const request = useQuery({ queryKey: ['request', requestId], queryFn: ({ signal }) => gateway.request(requestId, signal) });
  const sessionId = request.data?.sessionId ?? null;
  const session = useQuery({ queryKey: ['session', sessionId, ''], queryFn: ({ signal }) => gateway.session(sessionId as string, '', signal), enabled: sessionId !== null });
  return (
    <section className="page" aria-labelledby="request-title">
      <p className="breadcrumb">
        <Link to="/sessions">← Sessions</Link>
      </p>
      <h1 id="request-title">
        Request <code>{requestId}</code>
      </h1>
      {request.isPending ? (
        <Loading what="the request" />
      ) : request.isError ? (
        <ErrorState error={request.error} what="the request" onRetry={() => void request.refetch()} />
      ) : (
        <>
          <p>
            In session <Link to={sessionUrl(request.data.sessionId, noFilters, '', request.data.id)}>{request.data.sessionId}</Link>
          </p>
          <RequestDetailsView request={request.data} keyPoint={session.data?.keyPoint ?? null} showPermalink={false} />
        </>
      )}
    </section>
  );
}

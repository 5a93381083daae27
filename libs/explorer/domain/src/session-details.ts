import { SessionSnapshot } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { SessionDetails } from './explorer.views';
import { SessionStats } from './session-stats.query';

export function sessionNotFound(id: string): AppError {
  return new AppError('not-found', 'SESSION_NOT_FOUND', `no session ${JSON.stringify(id)}`, { details: [{ field: 'id', message: `${JSON.stringify(id)} does not exist` }] });
}

/**
 * One session: in-filter values (as in the list) next to the whole session's. A session exists when its
 * document does; filters that match none of its requests give zero counts, not a 404, so a console can
 * open a session with the list's filters and offer "Show all requests".
 */
export function toSessionDetails(id: string, session: SessionSnapshot | undefined, inFilter: SessionStats | undefined): SessionDetails {
  if (!session) throw sessionNotFound(id);
  return {
    id,
    firstSeen: inFilter?.firstSeen ?? null,
    lastSeen: inFilter?.lastSeen ?? null,
    requestCount: inFilter?.requestCount ?? 0,
    attackCount: inFilter?.attackCount ?? 0,
    clientIps: inFilter?.clientIps ?? [],
    userAgents: inFilter?.userAgents ?? [],
    user: session.user,
    roles: session.roles ?? [],
    application: session.application,
    hosts: inFilter?.hosts ?? [],
    endpointCount: inFilter?.endpointCount ?? 0,
    topEndpoints: inFilter?.topEndpoints ?? [],
    previousPartId: session.previousPartId,
    keyPoint: session.keyPoint,
    status: session.status,
    closeReason: session.closeReason,
    wholeSession: {
      firstSeen: session.firstSeen,
      lastSeen: session.lastSeen,
      requestCount: session.requestCount,
      clientIps: session.clientIps,
      userAgents: session.userAgents,
      hosts: session.hosts,
    },
  };
}

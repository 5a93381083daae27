import { SessionSnapshot, sessionSnapshotSchema } from '@sessionscope/contracts';
import { z } from 'zod';
import { explorerViews, pageView } from './explorer.views';

/**
 * A session that outlived the maximum length continues in parts, each linked to the one before by
 * `previousPartId`. The parts of a session are found by walking those links both ways.
 */
export const maxPartsListed = 100;

export const sessionPartView = z
  .object({
    id: z.string(),
    partNumber: z.number().int().positive().describe('1 for the first part'),
    firstSeen: z.iso.datetime(),
    lastSeen: z.iso.datetime(),
    requestCount: z.number().int().nonnegative(),
    attackCount: z.number().int().nonnegative(),
    status: z.enum(['open', 'closed']),
    closeReason: z.enum(['idle', 'max-length']).nullable(),
    previousPartId: z.string().nullable(),
  })
  .register(explorerViews, { id: 'SessionPart' });

export type SessionPart = z.infer<typeof sessionPartView>;

export const sessionPartPageView = pageView(sessionPartView, 'SessionPartPage');

/** Earlier parts (nearest first), the session itself and later parts (nearest first), oldest first. */
export function toSessionParts(earlier: SessionSnapshot[], session: SessionSnapshot, later: SessionSnapshot[]): SessionPart[] {
  return [...[...earlier].reverse(), session, ...later].map((part, index) => ({
    id: part.sessionId,
    partNumber: index + 1,
    firstSeen: part.firstSeen,
    lastSeen: part.lastSeen,
    requestCount: part.requestCount,
    attackCount: part.attackCount ?? 0,
    status: part.status,
    closeReason: part.closeReason,
    previousPartId: part.previousPartId,
  }));
}

/** The search for the part that continues a session. */
export function nextPartSearch(tenant: string, sessionId: string) {
  return { size: 1, query: { bool: { filter: [{ term: { tenant } }, { term: { previousPartId: sessionId } }] } } };
}

export const sessionSearchResponseSchema = z.object({
  hits: z.object({ hits: z.array(z.object({ _source: sessionSnapshotSchema })) }),
});

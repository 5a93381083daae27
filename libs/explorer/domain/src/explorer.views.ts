import { attackTypeSchema, hitSchema } from '@sessionscope/contracts';
import { z } from 'zod';

/**
 * What the explorer answers, as schemas: the gateway's types and its OpenAPI document both come from
 * these, so the documentation cannot drift from the responses. Counts are within the filters of the
 * query unless a field says otherwise.
 */
const isoTime = z.iso.datetime().describe('ISO 8601, UTC');

/** Every named view, for `z.toJSONSchema(explorerViews, ...)` to emit as OpenAPI components. */
export const explorerViews = z.registry<{ id: string }>();

export const endpointCountView = z
  .object({
    host: z.string(),
    method: z.string(),
    path: z.string().describe('Path as received; path templates come with API discovery.'),
    requestCount: z.number().int().nonnegative(),
  })
  .register(explorerViews, { id: 'EndpointCount' });

const sessionListItemShape = {
  id: z.string().describe('Session id'),
  firstSeen: isoTime.describe('Time of the first request of the session that matches the filters'),
  lastSeen: isoTime.describe('Time of the last request of the session that matches the filters'),
  requestCount: z.number().int().nonnegative().describe('Requests of the session that match the filters'),
  attackCount: z.number().int().nonnegative().describe('Matching requests with at least one attack hit'),
  clientIps: z.array(z.string()).describe('Client addresses of the matching requests, most frequent first (at most 100, fewer when a list page holds hundreds of sessions)'),
  userAgents: z.array(z.string()).describe('User agents of the matching requests, most frequent first (at most 100, fewer when a list page holds hundreds of sessions)'),
  user: z.string().nullable().describe('User of the session: the first value of the user point of its configuration (JWT claims are decoded, not verified)'),
  roles: z.array(z.string()).describe('Roles of the session, from the role point of its configuration (JWT claims are decoded, not verified)'),
  application: z.string(),
  hosts: z.array(z.string()).describe('Hosts of the matching requests, most frequent first (at most 100, fewer when a list page holds hundreds of sessions)'),
  endpointCount: z.number().int().nonnegative().describe('Distinct host + method + path among the matching requests'),
  topEndpoints: z.array(endpointCountView).describe('The 5 endpoints with the most matching requests'),
  previousPartId: z.string().nullable().describe('The part this session continues, when it was split by the idle or length limit'),
  keyPoint: z.string().nullable().describe('Where the session key was read (cookie:PHPSESSID, ip+user-agent...)'),
};

export const sessionListItemView = z.object(sessionListItemShape).register(explorerViews, { id: 'SessionListItem' });

export const sessionDetailsView = z
  .object({
    ...sessionListItemShape,
    firstSeen: sessionListItemShape.firstSeen.nullable().describe('As in the list; null when no request of the session matches the filters'),
    lastSeen: sessionListItemShape.lastSeen.nullable().describe('As in the list; null when no request of the session matches the filters'),
    status: z.enum(['open', 'closed']),
    closeReason: z.enum(['idle', 'max-length']).nullable(),
    wholeSession: z
      .object({
        firstSeen: isoTime,
        lastSeen: isoTime,
        requestCount: z.number().int().nonnegative(),
        clientIps: z.array(z.string()),
        userAgents: z.array(z.string()),
        hosts: z.array(z.string()),
      })
      .describe('The same values over every request of the session, whatever the filters'),
  })
  .register(explorerViews, { id: 'SessionDetails' });

const requestSummaryShape = {
  id: z.string(),
  sessionId: z.string(),
  application: z.string(),
  timestamp: isoTime,
  method: z.string(),
  scheme: z.enum(['http', 'https']),
  host: z.string(),
  path: z.string(),
  query: z.string(),
  status: z.number().int().nullable().describe('Null when the capture has no response'),
  durationMs: z.number().nullable(),
  requestBytes: z.number().int().nullable(),
  responseBytes: z.number().int().nullable(),
  clientIp: z.string(),
  userAgent: z.string().nullable(),
  attackTypes: z.array(attackTypeSchema).describe('Attack types of the hits found in the request; empty for a legitimate request'),
};

export const requestSummaryView = z.object(requestSummaryShape).register(explorerViews, { id: 'RequestSummary' });

export const requestDetailsView = z
  .object({
    ...requestSummaryShape,
    requestHeaders: z.record(z.string(), z.string()).describe('Header names in lower case; credentials (Authorization, cookie values, API keys) masked; a JWT keeps its header and claims, not its signature'),
    responseHeaders: z.record(z.string(), z.string()),
    requestBody: z.string().nullable().describe('As stored: secrets masked, cut to the cap of its application (see requestBodyBytes)'),
    responseBody: z.string().nullable(),
    source: z
      .object({ format: z.string(), line: z.number().int().nullable(), entry: z.number().int().optional().describe('Index of a HAR entry or an OTLP span') })
      .describe('Where ingestion read the record'),
    requestBodyBytes: z.number().int().optional().describe('Size of the request body as sent, before masking and the cap'),
    responseBodyBytes: z.number().int().optional(),
    requestBodyTruncated: z.boolean().optional().describe('True when the stored body was cut to the cap of its application'),
    responseBodyTruncated: z.boolean().optional(),
    hits: z.array(hitSchema).describe('Attack payloads found at ingestion: type, point, payload (text, never to be rendered), score, detector'),
  })
  .register(explorerViews, { id: 'RequestDetails' });

export function pageView<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int().nonnegative().describe('Items matching the filters, over all pages'),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page'),
    })
    .register(explorerViews, { id });
}

export const sessionPageView = pageView(sessionListItemView, 'SessionPage')
  .extend({
    total: z.number().int().nonnegative().describe('Sessions matching the filters, over all pages: exact up to 10,000 (all that paging reaches), estimated beyond (HyperLogLog: +28 in 100,000 measured)'),
    totalIsEstimate: z.boolean().describe('True when `total` is an estimate (more than 10,000 sessions)'),
  })
  .register(explorerViews, { id: 'SessionPage' });
export const requestPageView = pageView(requestSummaryView, 'RequestPage');

export type EndpointCount = z.infer<typeof endpointCountView>;
export type SessionListItem = z.infer<typeof sessionListItemView>;
export type SessionDetails = z.infer<typeof sessionDetailsView>;
export type RequestSummary = z.infer<typeof requestSummaryView>;
export type RequestDetails = z.infer<typeof requestDetailsView>;
export type Page<T> = { items: T[]; total: number; nextCursor: string | null };
export type SessionListPage = z.infer<typeof sessionPageView>;

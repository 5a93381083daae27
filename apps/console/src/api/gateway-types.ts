/**
 * The shapes the console reads from the gateway (`/api/docs` documents them; the explorer's view schemas
 * in libs/explorer/domain are the source). Kept here as plain types so the browser bundle carries no
 * server code; fields the gateway adds later are optional.
 */
export type Page<T> = { items: T[]; total: number; nextCursor: string | null };

/** The session list's total is exact up to 10,000 sessions and an estimate beyond, which it says. */
export type SessionPage = Page<SessionListItem> & { totalIsEstimate?: boolean };

export type EndpointCount = { host: string; method: string; path: string; requestCount: number };

export type SessionListItem = {
  id: string;
  firstSeen: string;
  lastSeen: string;
  requestCount: number;
  attackCount: number;
  clientIps: string[];
  userAgents: string[];
  user: string | null;
  roles?: string[];
  application: string;
  hosts: string[];
  endpointCount: number;
  topEndpoints: EndpointCount[];
  previousPartId: string | null;
  keyPoint?: string | null;
};

export type SessionDetails = Omit<SessionListItem, 'firstSeen' | 'lastSeen'> & {
  firstSeen: string | null;
  lastSeen: string | null;
  status: 'open' | 'closed';
  closeReason: 'idle' | 'max-length' | null;
  wholeSession: { firstSeen: string; lastSeen: string; requestCount: number; clientIps: string[]; userAgents: string[]; hosts: string[] };
};

export type RequestSummary = {
  id: string;
  sessionId: string;
  application: string;
  timestamp: string;
  method: string;
  scheme: 'http' | 'https';
  host: string;
  path: string;
  query: string;
  status: number | null;
  durationMs: number | null;
  requestBytes: number | null;
  responseBytes: number | null;
  clientIp: string;
  userAgent: string | null;
  attackTypes: string[];
};

export type Hit = { type: string; point: string; payload: string; score?: number; detector?: string };

export type RequestDetails = RequestSummary & {
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  requestBody: string | null;
  responseBody: string | null;
  source?: { format: string; line: number | null };
  hits: Hit[];
};

export type ValueShare = { value: string; count: number; share: number };
export type TotalAndMean = { total: number; mean: number | null };

export type SessionStats = {
  requestCount: number;
  durationMs?: TotalAndMean;
  requestBytes?: TotalAndMean;
  responseBytes?: TotalAndMean;
  byMethod: ValueShare[];
  byStatus: ValueShare[];
  byClientIp: ValueShare[];
  byEndpoint: ValueShare[];
  byAttackType: ValueShare[];
  legitimacy: ValueShare[];
  /** The matching requests over time, in bars of one width (`interval`, such as `1m`). */
  timeline?: { interval: string | null; buckets: Array<{ from: string; requestCount: number; maliciousCount: number }> };
  /** Requests counted in none of the rows shown (the gateway lists the most frequent values only). */
  otherCounts?: Partial<Record<'byStatus' | 'byClientIp' | 'byEndpoint' | 'byAttackType', number>>;
};

export type SessionPart = {
  id: string;
  partNumber: number;
  firstSeen: string;
  lastSeen: string;
  requestCount: number;
  attackCount: number;
  status: 'open' | 'closed';
  closeReason: 'idle' | 'max-length' | null;
  previousPartId: string | null;
};

export type ErrorBody = { code: string; message: string; details?: Array<{ field?: string; message: string }> };

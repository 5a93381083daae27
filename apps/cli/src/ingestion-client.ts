import { z } from 'zod';
import { developmentIngestToken } from '@sessionscope/shared/config';
import { sleep } from '@sessionscope/stack';
import { isRetryableStatus, retryDefaults, retryDelayMs } from './retry-policy';

/** The reply of POST /v1/traffic, parsed at the boundary. */
const ingestReplySchema = z.object({
  accepted: z.number().int().min(0),
  /** Records stored before (same id), not stored again. */
  duplicates: z.number().int().min(0).default(0),
  rejected: z.number().int().min(0),
  /** Items that are not HTTP requests (OTLP spans of other kinds). */
  skipped: z.number().int().min(0).default(0),
  errors: z
    .array(z.object({ line: z.number().int().nullish(), entry: z.number().int().nullish(), field: z.string().nullish(), message: z.string(), skipped: z.boolean().optional() }))
    .default([]),
});

export type IngestReply = z.infer<typeof ingestReplySchema>;
export type LineError = IngestReply['errors'][number];

const errorBodySchema = z.object({ code: z.string().optional(), message: z.string() });

export class ImportError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportError';
  }
}

export type ChunkRequest = {
  ingestionUrl: string;
  query: Record<string, string>;
  body: Buffer;
  contentType: string;
  /** "lines 5001-10000", for messages. */
  lines: string;
  onRetry: (message: string) => void;
  requestTimeoutMs?: number;
  /** The ingest token (SESSIONSCOPE_INGEST_TOKEN); the local demo's when absent. */
  ingestToken?: string;
};

/** The headers every call to ingestion carries: its ingest token, which also names the tenant. */
export function ingestionAuthHeaders(ingestToken: string = developmentIngestToken): Record<string, string> {
  return { authorization: `Bearer ${ingestToken}` };
}

/**
 * POSTs one chunk to /v1/traffic. "Not now" answers (503 when JetStream is full, 429, 502, 504) and
 * connection errors are retried, honouring Retry-After, for up to five minutes; anything else stops
 * the import with the server's own message.
 */
export async function sendChunk(request: ChunkRequest): Promise<IngestReply> {
  const url = new URL('/v1/traffic', request.ingestionUrl);
  for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value);
  const startedMs = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    let failure: string;
    let retryAfter: string | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': request.contentType, ...ingestionAuthHeaders(request.ingestToken) },
        body: request.body,
        signal: AbortSignal.timeout(request.requestTimeoutMs ?? 120_000),
      });
      const text = await response.text();
      if (response.ok) {
        const reply = ingestReplySchema.safeParse(parseJson(text));
        if (!reply.success) throw new ImportError(`ingestion answered ${lines(request)} with HTTP ${response.status} but an unreadable body: ${text.slice(0, 200)}`);
        return reply.data;
      }
      const serverMessage = describeBody(text);
      if (response.status === 401) {
        throw new ImportError(`ingestion refused the ingest token (HTTP 401: ${serverMessage}); set SESSIONSCOPE_INGEST_TOKEN to a token of your tenant`);
      }
      if (response.status === 413) {
        throw new ImportError(`ingestion refused ${request.lines} as too large (HTTP 413: ${serverMessage}); lower --chunk-lines (line formats, HAR), or split the file (an OTLP document is sent whole)`);
      }
      if (!isRetryableStatus(response.status)) {
        throw new ImportError(`ingestion refused ${request.lines}: HTTP ${response.status} ${serverMessage}`);
      }
      failure = `HTTP ${response.status} ${serverMessage}`;
      retryAfter = response.headers.get('retry-after');
    } catch (error) {
      if (error instanceof ImportError) throw error;
      failure = describeFailure(error);
    }
    const delayMs = retryDelayMs(attempt, retryAfter, Date.now());
    if (Date.now() - startedMs + delayMs > retryDefaults.giveUpAfterMs) {
      throw new ImportError(`ingestion did not take ${request.lines} after ${Math.round((Date.now() - startedMs) / 1000)} s of retries; last answer: ${failure}`);
    }
    request.onRetry(`${request.lines}: ${failure}; retrying in ${(delayMs / 1000).toFixed(1)} s`);
    await sleep(delayMs);
  }
}

const lines = (request: ChunkRequest) => request.lines;

/**
 * "fetch failed (connect ECONNREFUSED 127.0.0.1:8081)": fetch hides the reason in `cause`. Read by
 * shape, not instanceof: errors from undici may come from another realm (as under jest).
 */
function describeFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('message' in error)) return String(error);
  const cause = 'cause' in error && error.cause ? ` (${describeFailure(error.cause)})` : '';
  return `${String(error.message)}${cause}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeBody(text: string): string {
  const body = errorBodySchema.safeParse(parseJson(text));
  if (body.success) return body.data.code ? `${body.data.code}: ${body.data.message}` : body.data.message;
  return text.trim().slice(0, 200);
}

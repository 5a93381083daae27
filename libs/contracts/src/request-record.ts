import { z } from 'zod';
import { hitSchema } from './hit';

/**
 * The canonical request record a sender posts to ingestion, one JSON object a line.
 * docs/request-record.schema.json is generated from this schema (`npm run schema`).
 */
/**
 * An HTTP method: a token of RFC 9110 (letters, digits and `!#$%&'*+.^_\`|~-`), at most 32 characters.
 * Standard methods are letters; extension methods (`PROPFIND`, `M-SEARCH`, test tools' own) are kept too.
 */
export const httpMethodPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

export const headersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));

export const requestRecordSchema = z
  .object({
    id: z.string().min(1).max(200).optional().describe('Optional id chosen by the sender; a record sent twice with one id is stored once.'),
    timestamp: z.iso.datetime({ offset: true }).describe('When the request was received, ISO 8601.'),
    method: z.string().regex(httpMethodPattern, 'an HTTP method such as GET (a token of at most 32 characters)').describe('HTTP method.'),
    url: z.string().min(1).max(8192).describe('Absolute URL (https://host/path?query) or an origin-form path (/path?query) with `host`.'),
    host: z.string().max(255).optional().describe('Host, when `url` carries none.'),
    status: z.number().int().min(100).max(599).optional().describe('Response status code; absent when the capture has no response.'),
    durationMs: z.number().min(0).max(1e9, 'at most 1e9 ms (11.6 days)').optional(),
    requestBytes: z.number().int().min(0).optional(),
    responseBytes: z.number().int().min(0).optional(),
    clientIp: z.union([z.ipv4(), z.ipv6()]).describe('Address of the client.'),
    application: z.string().min(1).max(100).optional().describe('Application the API belongs to; `default` when absent.'),
    requestHeaders: headersSchema.optional(),
    responseHeaders: headersSchema.optional(),
    requestBody: z.string().optional(),
    responseBody: z.string().optional(),
  })
  .describe('Sessionscope request record');

export type RequestRecord = z.infer<typeof requestRecordSchema>;

/**
 * A request as the pipeline carries it: normalised (lower-case header names, split URL, UTC time,
 * tenant and id always present). Produced by ingestion from any input format.
 */
export const observedRequestSchema = z.object({
  id: z.string().min(1),
  tenant: z.string().min(1),
  application: z.string().min(1),
  timestamp: z.iso.datetime(),
  method: z.string(),
  scheme: z.enum(['http', 'https']),
  host: z.string(),
  path: z.string(),
  query: z.string(),
  status: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  requestBytes: z.number().int().nullable(),
  responseBytes: z.number().int().nullable(),
  clientIp: z.string(),
  userAgent: z.string().nullable(),
  requestHeaders: z.record(z.string(), z.string()),
  responseHeaders: z.record(z.string(), z.string()),
  requestBody: z.string().nullable(),
  responseBody: z.string().nullable(),
  /** Size in UTF-8 bytes of the body as sent, before masking and the cap; present when there is a body. */
  requestBodyBytes: z.number().int().min(0).optional(),
  responseBodyBytes: z.number().int().min(0).optional(),
  /** True when the stored body was cut to the cap of its application; present when there is a body. */
  requestBodyTruncated: z.boolean().optional(),
  responseBodyTruncated: z.boolean().optional(),
  source: z.object({
    format: z.string(),
    /** Line of a line format (NDJSON, access logs); null for a HAR entry or an OTLP span. */
    line: z.number().int().positive().nullable(),
    /** Index of a HAR entry or an OTLP span in its document (from 0); absent for line formats. */
    entry: z.number().int().nonnegative().optional(),
  }),
  /** Attack payloads found by ingestion's detection; absent in events written before detection existed. */
  hits: z.array(hitSchema).optional(),
});

export type ObservedRequest = z.infer<typeof observedRequestSchema>;

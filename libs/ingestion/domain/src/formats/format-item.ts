import type { RequestRecord } from '@sessionscope/contracts';
import type { ItemLocation, LineRejection } from '../line-rejection';

/**
 * What a format parser gives for each item of a body (a line, a HAR entry, an OTLP span): a request
 * record with where it was, or why it was not taken.
 */
export type FormatItem = ({ ok: true; record: RequestRecord } & ItemLocation) | { ok: false; rejection: LineRejection };

/** Values for what an input does not say; every format fills only what its items leave out. */
export type RecordDefaults = {
  /** Application of records that name none. */
  application: string;
  /** Host of origin-form records that name none; may be empty. */
  host: string;
  /** Client address of records whose source does not know it (a browser's HAR capture). */
  clientIp: string;
  /** When the body was received (ISO 8601): the time of HAR entries that carry none. */
  receivedAt: string;
};

/** The unspecified address: a source that does not know its client says so rather than invent one. */
export const unknownClientIp = '0.0.0.0';

import { z } from 'zod';
import { Envelope, envelopeSchema } from './envelope';
import { observedRequestSchema } from './request-record';
import { sessionKeySchema } from './session-key';
import { sessionSnapshotSchema } from './session';
import { subjects } from './subjects';

/**
 * Each event type lists the schema of every version of its data and the pure upcasters that lift an
 * old version to the next one. Consumers parse whatever version arrives, then read the latest shape.
 * Adding version 2 means: add its schema under `versions`, an upcaster from 1 under `upcasters`, and
 * raise `latest`; version 1 events already in the streams keep being readable.
 */
/** User and Roles read at the points the application marks `user` and `role` (JWTs decoded, not verified). */
export const identitySchema = z.object({ user: z.string().nullable(), roles: z.array(z.string()) });
export type Identity = z.infer<typeof identitySchema>;

const requestObservedV1 = z.object({
  request: observedRequestSchema,
  sessionKey: sessionKeySchema,
  /** Absent in events written before user and role points existed. */
  identity: identitySchema.optional(),
  /**
   * Keyed hashes of the values masking hid, by the label of the point that reads them (`cookie:sid`,
   * `header:authorization#sub`): what lets a replay with a new key chain find the same keys. Never values.
   */
  pointHashes: z.record(z.string(), z.string()).optional(),
});

/**
 * A tick, written by sessionization into a partition's own traffic when it has had no new message for
 * the hold time while requests wait in its reorder buffer. Requests go through once a message stored
 * `MAX_HOLD_MS` after them reaches the partition; JetStream's time of this message is what moves that
 * clock. Being a message of the stream, read again with every redelivery, it keeps every decision a
 * function of the stream alone: a new owner of the partition, or one resuming after a crash, decides
 * exactly as the previous one did.
 */
const reorderHoldExpiredV1 = z.object({
  partition: z.number().int().nonnegative(),
});

const requestAssignedV1 = z.object({
  sessionId: z.string().min(1),
  request: observedRequestSchema,
});

const sessionChangedV1 = z.object({ session: sessionSnapshotSchema });

const deadLetteredV1 = z.object({
  stream: z.string(),
  consumer: z.string(),
  subject: z.string(),
  streamSequence: z.number().int(),
  deliveryCount: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }),
  payloadBase64: z.string(),
});

type Upcaster = (older: unknown) => unknown;

function eventType<TLatest extends z.ZodType>(definition: {
  subject: string;
  latest: number;
  versions: Record<number, z.ZodType>;
  upcasters: Record<number, Upcaster>;
  latestSchema: TLatest;
}) {
  return definition;
}

export const eventTypes = {
  RequestObserved: eventType({ subject: subjects.requestObserved, latest: 1, versions: { 1: requestObservedV1 }, upcasters: {}, latestSchema: requestObservedV1 }),
  ReorderHoldExpired: eventType({ subject: subjects.requestObserved, latest: 1, versions: { 1: reorderHoldExpiredV1 }, upcasters: {}, latestSchema: reorderHoldExpiredV1 }),
  RequestAssignedToSession: eventType({ subject: subjects.requestAssigned, latest: 1, versions: { 1: requestAssignedV1 }, upcasters: {}, latestSchema: requestAssignedV1 }),
  SessionOpened: eventType({ subject: subjects.sessionOpened, latest: 1, versions: { 1: sessionChangedV1 }, upcasters: {}, latestSchema: sessionChangedV1 }),
  SessionUpdated: eventType({ subject: subjects.sessionUpdated, latest: 1, versions: { 1: sessionChangedV1 }, upcasters: {}, latestSchema: sessionChangedV1 }),
  SessionClosed: eventType({ subject: subjects.sessionClosed, latest: 1, versions: { 1: sessionChangedV1 }, upcasters: {}, latestSchema: sessionChangedV1 }),
  MessageDeadLettered: eventType({ subject: subjects.deadLettered, latest: 1, versions: { 1: deadLetteredV1 }, upcasters: {}, latestSchema: deadLetteredV1 }),
};

export type EventTypeName = keyof typeof eventTypes;
export type EventData<T extends EventTypeName> = z.infer<(typeof eventTypes)[T]['latestSchema']>;
export type DomainEvent<T extends EventTypeName = EventTypeName> = { [K in T]: Envelope<K, EventData<K>> }[T];

export type RequestObserved = DomainEvent<'RequestObserved'>;
export type ReorderHoldExpired = DomainEvent<'ReorderHoldExpired'>;
export type RequestAssignedToSession = DomainEvent<'RequestAssignedToSession'>;
export type SessionOpened = DomainEvent<'SessionOpened'>;
export type SessionUpdated = DomainEvent<'SessionUpdated'>;
export type SessionClosed = DomainEvent<'SessionClosed'>;
export type SessionEvent = SessionOpened | SessionUpdated | SessionClosed;
export type MessageDeadLettered = DomainEvent<'MessageDeadLettered'>;

export function createEvent<T extends EventTypeName>(
  type: T,
  data: EventData<T>,
  meta: { id: string; tenant: string; correlationId: string; occurredAt: string },
): DomainEvent<T> {
  // Fields written out rather than spread: events are made once per request on the hot paths.
  return { id: meta.id, type, version: eventTypes[type].latest, occurredAt: meta.occurredAt, tenant: meta.tenant, correlationId: meta.correlationId, data } as DomainEvent<T>;
}

export class EventContractError extends Error {
  readonly code = 'EVENT_CONTRACT_VIOLATION';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventContractError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Parses any stored version of any known event and returns it upcast to the latest version.
 * Throws EventContractError (a poison message: retrying cannot help) when the input fits no contract.
 */
export function parseEvent(raw: unknown): DomainEvent {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new EventContractError(`not an event envelope: ${describeIssues(envelope.error)}`);
  const { type, version } = envelope.data;
  if (!(type in eventTypes)) throw new EventContractError(`unknown event type "${type}"`);
  const definition = eventTypes[type as EventTypeName];
  const schema = definition.versions[version];
  if (!schema) throw new EventContractError(`${type} has no version ${version} (known: ${Object.keys(definition.versions).join(', ')})`);
  const parsed = schema.safeParse(envelope.data.data);
  if (!parsed.success) throw new EventContractError(`${type} v${version} data is invalid: ${describeIssues(parsed.error)}`);
  let data: unknown = parsed.data;
  for (let v = version; v < definition.latest; v++) data = definition.upcasters[v](data);
  return { ...envelope.data, version: definition.latest, data } as DomainEvent;
}

export function parseEventOf<T extends EventTypeName>(type: T, raw: unknown): DomainEvent<T> {
  const event = parseEvent(raw);
  if (event.type !== type) throw new EventContractError(`expected a ${type} event, got ${event.type}`);
  return event as DomainEvent<T>;
}

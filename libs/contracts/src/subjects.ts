/**
 * Every subject is defined here once, as `<context>.<entity>.<past-tense>`, relative to a namespace.
 * The namespace (default `sessionscope`) prefixes subjects and stream names so that several
 * deployments, or test runs, share one NATS server without overlapping streams.
 */
export const subjects = {
  requestObserved: 'ingestion.request.observed',
  requestAssigned: 'sessionization.request.assigned',
  sessionOpened: 'sessionization.session.opened',
  sessionUpdated: 'sessionization.session.updated',
  sessionClosed: 'sessionization.session.closed',
  deadLettered: 'deadletter.message.deadlettered',
} as const;

export type SubjectName = keyof typeof subjects;

/** `sessionscope` + `ingestion.request.observed` + partition 3 -> `sessionscope.ingestion.request.observed.3` */
export function subjectFor(namespace: string, subject: string, ...tokens: Array<string | number>): string {
  return [namespace, subject, ...tokens].join('.');
}

/** The streams that hold the events durably; each captures a whole context's subjects. */
export const streams = {
  traffic: { suffix: 'TRAFFIC', captures: 'ingestion.>' },
  sessions: { suffix: 'SESSIONS', captures: 'sessionization.>' },
  deadLetters: { suffix: 'DEADLETTER', captures: 'deadletter.>' },
} as const;

/** JetStream key-value buckets, by their owner; the namespace prefixes their names like the streams'. */
export const keyValueBuckets = {
  sessionizationState: 'sessionization_state',
  /** Session configuration of each application (key chain, user and role points, idle gap, maximum length). */
  sessionConfig: 'session_config',
  /** Sessionization instances (heartbeats) and the lease of each partition. */
  sessionizationOwners: 'sessionization_owners',
} as const;

export function keyValueBucketName(namespace: string, bucket: keyof typeof keyValueBuckets): string {
  return `${namespace}_${keyValueBuckets[bucket]}`;
}

export function streamName(namespace: string, stream: keyof typeof streams): string {
  return `${namespace.replace(/[^A-Za-z0-9_-]/g, '_').toUpperCase()}_${streams[stream].suffix}`;
}

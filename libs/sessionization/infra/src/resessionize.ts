import { DomainEvent, eventTypes, Identity, subjects } from '@sessionscope/contracts';
import { JetStreamConnection, partitionOf, positionOf, readStoredEvents, StoredEvent } from '@sessionscope/messaging';
import { createGeneration, projectEvents, ProjectionTargets, RefusedDocument, refresh, SearchClient, switchAliases } from '@sessionscope/search';
import { resolveSessionPoints, SessionPoints } from '@sessionscope/session-keys';
import { decide, initialPartitionState, IncomingRequest, PartitionState, SessionizationEvent, SessionizationSettings, SessionizerInput } from '@sessionscope/sessionization/domain';
import { AppError } from '@sessionscope/shared/errors';
import { PartitionCheckpoints } from './partition-checkpoints';
import { PartitionLeases } from './partition-leases';

export type ResessionizeOptions = {
  connection: JetStreamConnection;
  search: SearchClient;
  indexPrefix: string;
  partitions: number;
  /** Name of the new index generation. */
  generation: string;
  /** The sessionization settings, with the rules of each application's configuration. */
  settings: SessionizationSettings;
  /** The key chain and User and Roles points of an application, as ingestion uses them now. */
  pointsOf: (tenant: string, application: string) => SessionPoints;
  /** The secret of the tenant's session key hashes, the one ingestion uses. */
  secretOf: (tenant: string) => string;
  now: () => Date;
  onProgress?: (progress: { messages: number; totalMessages: number; requests: number }) => void;
  /** Documents OpenSearch refused for good, batch by batch: the replay goes on without them. */
  onRefused?: (refused: RefusedDocument[]) => void;
};

export type ResessionizeReport = { requests: number; sessions: number; documentsRefused: number; generation: ProjectionTargets; removedIndices: string[] };


/**
 * `sessionscope replay`: sessionizes the stored traffic again with the configurations of now (key
 * chains, User and Roles, idle gaps, maximum lengths), as the live service would have, had they been in
 * force from the start.
 *
 * 1. Refuses while sessionization instances are running (their heartbeats are in the leases bucket).
 * 2. Reads every RequestObserved of the traffic stream up to the end it had when the replay started, in
 *    time order (see timeOrdered), and keys each request again (values that masking hid are keyed by the
 *    hashes kept at ingestion); partitions by the new key and decides as the service does.
 * 3. Writes the sessions and requests into a new index generation, and the decisions into the sessions
 *    stream, whose earlier decisions it drops once the new ones are stored (so `replay --projections`
 *    gives the same); moves the aliases in one step.
 * 4. Leaves each partition's checkpoint at the end of the replayed traffic, so the service, started
 *    again, carries on with the open sessions of the replay from the traffic that came after.
 */
export async function resessionize(options: ResessionizeOptions): Promise<ResessionizeReport> {
  const { connection, search, partitions, settings } = options;
  const leases = await PartitionLeases.open(connection);
  const running = await leases.liveMembers(options.now().getTime(), 60_000);
  if (running.length > 0) {
    throw new AppError('conflict', 'SESSIONIZATION_RUNNING', `stop the sessionization service first: ${running.length} instance(s) running (${running.join(', ')}); the replay takes over every partition`);
  }
  const checkpoints = await PartitionCheckpoints.open(connection);
  const targets = await createGeneration(search, options.indexPrefix, options.generation);
  // The decisions of before are dropped only once the new ones are all stored (see the end): a replay
  // that fails on the way leaves the sessions stream whole, with part of the new decisions after it.
  const decisionsBefore = (await connection.manager.streams.info(connection.streamName('sessions'))).state.last_seq;

  const states: PartitionState[] = Array.from({ length: partitions }, () => initialPartitionState);
  let requests = 0;
  const sessionIds = new Set<string>();
  let documentsRefused = 0;
  // Every pass reads up to the end the stream has now: traffic that comes in meanwhile is the service's, after the cut.
  const toSequence = (await connection.manager.streams.info(connection.streamName('traffic'))).state.last_seq;
  /** Decides each partition's requests, then publishes and projects the decisions as the service does. */
  const decidePartitions = async (byPartition: Map<number, SessionizerInput[]>, now: Date) => {
    const published: Array<{ subject: string; event: SessionizationEvent }> = [];
    for (const [partition, incoming] of byPartition) {
      const result = decide(states[partition], incoming, settings, { now: now.toISOString() });
      states[partition] = result.state;
      for (const event of result.events) {
        published.push({ subject: connection.subject(eventTypes[event.type].subject, partition), event });
        if (event.type === 'RequestAssignedToSession') sessionIds.add(event.data.sessionId);
      }
    }
    if (published.length === 0) return;
    await connection.publish(published);
    const { refused } = await projectEvents(search, targets, published.map(({ event }) => event));
    documentsRefused += refused.length;
    if (refused.length > 0) options.onRefused?.(refused);
  };

  // Positions of the replay's own order: decide skips a position at or below the last one it applied.
  let position = 0;
  for await (const chunk of timeOrdered(connection, toSequence, options.onProgress)) {
    const byPartition = new Map<number, IncomingRequest[]>();
    for (const event of chunk) {
      const incoming = keyedAgain(event, ++position, options);
      const partition = partitionOf(incoming.sessionKey.hash, partitions);
      if (!byPartition.has(partition)) byPartition.set(partition, []);
      byPartition.get(partition)?.push(incoming);
      requests++;
    }
    await decidePartitions(byPartition, options.now());
  }
  // What waits in the reorder buffers goes through now: the end of the traffic is past every hold time.
  const endTick = ++position;
  await decidePartitions(new Map(states.map((_, partition) => [partition, [{ tick: true, position: endTick, storedAtMs: Number.MAX_SAFE_INTEGER }]])), options.now());

  // The last position of the last message read: everything up to it is behind the replay.
  const cut = positionOf(toSequence + 1, 0) - 1;
  for (let partition = 0; partition < partitions; partition++) {
    await checkpoints.load(partition);
    await checkpoints.save(partition, { ...states[partition], lastPosition: cut, reacceptPositions: [] });
  }
  if (decisionsBefore > 0) await connection.manager.streams.purge(connection.streamName('sessions'), { seq: decisionsBefore + 1 });
  await refresh(search, targets);
  const removedIndices = await switchAliases(search, options.indexPrefix, targets);
  return { requests, sessions: sessionIds.size, documentsRefused, generation: targets, removedIndices };
}

function keyedAgain(event: DomainEvent<'RequestObserved'>, position: number, options: ResessionizeOptions): IncomingRequest {
  const { request, pointHashes } = event.data;
  const points = options.pointsOf(request.tenant, request.application);
  const scope = { tenant: request.tenant, application: request.application, secret: options.secretOf(request.tenant) };
  const { sessionKey, identity: read } = resolveSessionPoints({ ...request, pointHashes }, points, scope);
  // User and Roles read at masked points are not in the stored request: the ones read at ingestion stand.
  const identity: Identity = { user: read.user ?? event.data.identity?.user ?? null, roles: read.roles.length > 0 ? read.roles : (event.data.identity?.roles ?? []) };
  // No live stream: requests go by the watermark, and the rest with the tick at the end (see resessionize).
  return { position, storedAtMs: 0, correlationId: event.correlationId, request, sessionKey, identity };
}

const chunkEvents = 5000;

type OrderedChunk = Array<DomainEvent<'RequestObserved'>>;

/**
 * The stored requests in time order, application by application (sessions never span two, and each
 * has its own event time). The stream holds requests in publishing order: within one partition's
 * subject that is the order of the traffic of each application, but a publish packs each partition's
 * events apart, so the stream as a whole jumps back and forth in time by as much as one ingestion
 * batch spans (hours, for an imported log), and the traffic of applications imported one after the
 * other follows theirs. Keyed again, requests change partitions, so they would meet those jumps: each
 * application is read from every subject side by side and merged by request time instead. One pass
 * finds the applications, then one pass each.
 */
async function* timeOrdered(connection: JetStreamConnection, toSequence: number, onProgress: ResessionizeOptions['onProgress']): AsyncGenerator<OrderedChunk> {
  const filter = connection.subject(`${subjects.requestObserved}.>`);
  const info = await connection.manager.streams.info(connection.streamName('traffic'), { subjects_filter: filter });
  const subjectNames = Object.keys(info.state.subjects ?? {});
  const applications = new Set<string>();
  for await (const batch of readStoredEvents(connection, { stream: 'traffic', filterSubject: filter, toSequence })) {
    for (const { event } of batch.events) if (event.type === 'RequestObserved') applications.add(applicationKey(event));
  }
  const totalMessages = Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0) * applications.size;
  const progress = { messages: 0, totalMessages, requests: 0 };
  for (const application of applications) {
    for await (const chunk of mergedByTime(connection, subjectNames, application, toSequence, progress)) {
      progress.requests += chunk.length;
      yield chunk;
      onProgress?.(progress);
    }
  }
  onProgress?.(progress);
}

const applicationKey = (event: DomainEvent<'RequestObserved'>) => `${event.data.request.tenant}|${event.data.request.application}`;

async function* mergedByTime(connection: JetStreamConnection, subjectNames: string[], application: string, toSequence: number, progress: { messages: number }): AsyncGenerator<OrderedChunk> {
  type Source = { batches: AsyncGenerator<{ events: StoredEvent[] }>; events: Array<DomainEvent<'RequestObserved'>>; next: number; timeMs: number; done: boolean };
  const sources: Source[] = subjectNames.map((subject) => ({ batches: readStoredEvents(connection, { stream: 'traffic', filterSubject: subject, toSequence }), events: [], next: 0, timeMs: 0, done: false }));
  const refill = async (source: Source) => {
    while (!source.done && source.next >= source.events.length) {
      const batch = await source.batches.next();
      if (batch.done) source.done = true;
      else {
        progress.messages += new Set(batch.value.events.map((stored) => stored.streamSequence)).size;
        source.events = batch.value.events.flatMap(({ event }) => (event.type === 'RequestObserved' && applicationKey(event) === application ? [event] : []));
        source.next = 0;
      }
    }
    if (!source.done) source.timeMs = Date.parse(source.events[source.next].data.request.timestamp);
  };
  for (const source of sources) await refill(source);
  let chunk: Array<DomainEvent<'RequestObserved'>> = [];
  for (;;) {
    let earliest: Source | null = null;
    for (const source of sources) if (!source.done && (earliest === null || source.timeMs < earliest.timeMs)) earliest = source;
    if (earliest === null) break;
    chunk.push(earliest.events[earliest.next++]);
    await refill(earliest);
    if (chunk.length >= chunkEvents) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

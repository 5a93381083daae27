import { createGeneration, ProjectionTargets, refresh, SearchClient, switchAliases } from './search-client';
import { ProjectableEvent, projectEvents, RefusedDocument } from './projection';

export type EventBatches = (fromSequence: number) => AsyncIterable<{ events: ProjectableEvent[]; lastSequence: number; endSequence: number }>;

export type RebuildReport = { generation: ProjectionTargets; events: number; documentsWritten: number; staleSnapshots: number; documentsRefused: number; removedIndices: string[] };

/**
 * Rebuilds the projections of a prefix from the stored events into a new index generation, then moves
 * the aliases to it in one step, so readers never see a half-built index. Events that the live projector
 * wrote to the old generation while the rebuild ran are read again after the switch (writes are
 * idempotent), so nothing is missing from the new generation.
 */
export async function rebuildProjections(
  client: SearchClient,
  prefix: string,
  generation: string,
  readBatches: EventBatches,
  onProgress: (progress: { lastSequence: number; endSequence: number; events: number }) => void = () => undefined,
  /** Documents OpenSearch refused for good, batch by batch: the rebuild goes on without them. */
  onRefused: (refused: RefusedDocument[]) => void = () => undefined,
): Promise<RebuildReport> {
  const targets = await createGeneration(client, prefix, generation);
  let events = 0;
  let documentsWritten = 0;
  let staleSnapshots = 0;
  let documentsRefused = 0;
  let nextSequence = 1;
  const project = async () => {
    for await (const batch of readBatches(nextSequence)) {
      const result = await projectEvents(client, targets, batch.events);
      events += batch.events.length;
      documentsWritten += result.written;
      staleSnapshots += result.stale;
      documentsRefused += result.refused.length;
      if (result.refused.length > 0) onRefused(result.refused);
      nextSequence = batch.lastSequence + 1;
      onProgress({ lastSequence: batch.lastSequence, endSequence: batch.endSequence, events });
    }
  };
  await project();
  await refresh(client, targets);
  const removedIndices = await switchAliases(client, prefix, targets);
  await project();
  await refresh(client, targets);
  return { generation: targets, events, documentsWritten, staleSnapshots, documentsRefused, removedIndices };
}

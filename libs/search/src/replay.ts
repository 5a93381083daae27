import { JetStreamConnection, readStoredEvents } from '@sessionscope/messaging';
import { ProjectableEvent, RefusedDocument } from './projection';
import { rebuildProjections, RebuildReport } from './rebuild';
import { SearchClient } from './search-client';

/** Rebuilds the projections of `prefix` from the sessionization events kept in JetStream. */
export async function replayProjectionsFromJetStream(
  connection: JetStreamConnection,
  search: SearchClient,
  prefix: string,
  generation: string,
  onProgress?: (progress: { lastSequence: number; endSequence: number; events: number }) => void,
  onRefused?: (refused: RefusedDocument[]) => void,
): Promise<RebuildReport> {
  return rebuildProjections(
    search,
    prefix,
    generation,
    async function* (fromSequence) {
      const batches = readStoredEvents(connection, { stream: 'sessions', filterSubject: connection.subject('sessionization.>'), fromSequence });
      for await (const batch of batches) yield { ...batch, events: batch.events.map(({ event }) => event as ProjectableEvent) };
    },
    onProgress,
    onRefused,
  );
}

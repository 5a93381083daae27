import { DeliverPolicy } from '@nats-io/jetstream';
import { DomainEvent, parseEvent } from '@sessionscope/contracts';
import { JetStreamConnection, StreamKey } from './jetstream-connection';
import { positionOf, unpackEvents } from './wire-format';

export type StoredEvent = { event: DomainEvent; streamSequence: number; position: number };


/**
 * Reads the events of a stream in order, from `fromSequence` up to the stream's last message at the time
 * of the call, in batches. An ordered (ephemeral) consumer: nothing is left behind on the server.
 * Messages that are not valid events are skipped and counted; they are the dead-letter queue's business.
 */
export async function* readStoredEvents(
  connection: JetStreamConnection,
  options: { stream: StreamKey; filterSubject: string; fromSequence?: number; batchSize?: number; /** The last sequence to read; the stream's last at the start by default. */ toSequence?: number },
): AsyncGenerator<{ events: StoredEvent[]; skipped: number; lastSequence: number; endSequence: number }> {
  const stream = connection.streamName(options.stream);
  const info = await connection.manager.streams.info(stream);
  const endSequence = Math.min(info.state.last_seq, options.toSequence ?? Infinity);
  const fromSequence = options.fromSequence ?? 1;
  if (endSequence < fromSequence || info.state.messages === 0) return;
  const consumer = await connection.client.consumers.get(stream, {
    filter_subjects: options.filterSubject,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(fromSequence, info.state.first_seq),
  });
  // Messages, each up to 512 KiB: bounds what one fetch holds in memory.
  const batchSize = options.batchSize ?? 100;
  let lastSequence = fromSequence - 1;
  let emptyFetches = 0;
  while (lastSequence < endSequence) {
    const events: StoredEvent[] = [];
    let skipped = 0;
    let received = 0;
    let caughtUp = false;
    const messages = await consumer.fetch({ max_messages: batchSize, expires: 2000 });
    for await (const message of messages) {
      received++;
      lastSequence = message.seq;
      if (message.seq <= endSequence) {
        let items: unknown[] = [];
        try {
          items = unpackEvents(message.data);
        } catch {
          skipped++;
        }
        for (const [index, item] of items.entries()) {
          try {
            events.push({ event: parseEvent(item), streamSequence: message.seq, position: positionOf(message.seq, index) });
          } catch {
            skipped++;
          }
        }
      }
      if (message.info.pending === 0 || message.seq >= endSequence) caughtUp = true;
    }
    if (received > 0) {
      emptyFetches = 0;
      yield { events, skipped, lastSequence, endSequence };
    } else if ((await consumer.info()).num_pending === 0) {
      // Nothing left that matches the filter: the rest of the stream is other subjects.
      caughtUp = true;
    } else if (++emptyFetches >= 5) {
      throw new Error(`reading ${stream} stalled at sequence ${lastSequence} of ${endSequence}`);
    }
    if (caughtUp) break;
  }
  await consumer.delete().catch(() => undefined);
}

import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  JetStreamClient,
  JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  StreamConfig,
} from '@nats-io/jetstream';
import { connect, nanos, NatsConnection } from '@nats-io/transport-node';
import { Envelope, keyValueBucketName, keyValueBuckets, streamName, streams, subjectFor } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { packEvents } from './wire-format';

export type StreamKey = keyof typeof streams;

/** Stream settings; units in the names. */
export type StreamOptions = {
  /** How long events are kept; `replay` can rebuild projections from anything still kept. */
  maxAgeMs: number;
  /** A publish repeated within this window with the same event id is stored once. */
  duplicateWindowMs: number;
};

export function defaultStreamOptions(): StreamOptions {
  return {
    maxAgeMs: 30 * 24 * 60 * 60 * 1000,
    duplicateWindowMs: 24 * 60 * 60 * 1000,
  };
}

export type OutgoingEvent = { subject: string; event: Envelope };

/** How many messages are awaiting their acknowledgement at once. */
const publishesInFlight = 64;

/**
 * One NATS connection with JetStream, scoped to a namespace: stream names and subjects of this
 * deployment (or test run) are derived from it, so several share a server without overlapping.
 */
export class JetStreamConnection {
  /** False between a 'disconnect' and a 'reconnect' of the client, which keeps reconnecting meanwhile. */
  private serverReachable = true;

  private constructor(
    readonly nats: NatsConnection,
    readonly namespace: string,
    readonly client: JetStreamClient,
    readonly manager: JetStreamManager,
  ) {
    void this.followStatus();
  }

  private async followStatus(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type === 'disconnect') this.serverReachable = false;
      else if (status.type === 'reconnect') this.serverReachable = true;
    }
  }

  static async connect(options: { url: string; namespace: string; name: string }): Promise<JetStreamConnection> {
    try {
      const nats = await connect({ servers: options.url, name: `${options.namespace}-${options.name}`, maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
      const manager = await jetstreamManager(nats);
      return new JetStreamConnection(nats, options.namespace, jetstream(nats), manager);
    } catch (error) {
      throw new AppError('unavailable', 'NATS_UNAVAILABLE', `cannot connect to NATS at ${options.url}`, { cause: error });
    }
  }

  subject(subject: string, ...tokens: Array<string | number>): string {
    return subjectFor(this.namespace, subject, ...tokens);
  }

  streamName(stream: StreamKey): string {
    return streamName(this.namespace, stream);
  }

  /** Creates the project's streams, or updates their settings; safe to run from every instance at start. */
  async ensureStreams(options: StreamOptions = defaultStreamOptions()): Promise<void> {
    for (const key of Object.keys(streams) as StreamKey[]) {
      const config: Partial<StreamConfig> & { name: string } = {
        name: this.streamName(key),
        subjects: [this.subject(streams[key].captures)],
        retention: RetentionPolicy.Limits,
        storage: StorageType.File,
        max_age: nanos(options.maxAgeMs),
        duplicate_window: nanos(options.duplicateWindowMs),
      };
      try {
        await this.manager.streams.info(config.name);
        await this.manager.streams.update(config.name, config);
      } catch (error) {
        if (!isNotFound(error)) throw new AppError('unavailable', 'NATS_STREAM_SETUP_FAILED', `cannot set up stream ${config.name}`, { cause: error });
        await this.manager.streams.add(config);
      }
    }
  }

  /**
   * A consumer that is only a cursor for one reader keeping its own checkpoint: it has a name of its own
   * (no other reader takes messages from it, whatever it recreates), delivers from `startSequence` on in
   * stream order, and the server removes it once no pull has come for `inactiveMs` (a reader that died
   * leaves nothing behind). Explicit acks; at most `maxAckPending` messages outstanding; redelivery after `ackWaitMs`.
   */
  async createCursorConsumer(options: { stream: StreamKey; name: string; filterSubject: string; startSequence: number; maxAckPending: number; ackWaitMs: number; inactiveMs: number }): Promise<void> {
    await this.manager.consumers.add(this.streamName(options.stream), {
      name: options.name,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(options.startSequence, 1),
      filter_subject: options.filterSubject,
      max_ack_pending: options.maxAckPending,
      ack_wait: nanos(options.ackWaitMs),
      inactive_threshold: nanos(options.inactiveMs),
    });
  }

  /** Removes a consumer; one that is gone already is fine. */
  async deleteConsumer(stream: StreamKey, name: string): Promise<void> {
    await this.manager.consumers.delete(this.streamName(stream), name).catch((error) => {
      if (!isNotFound(error)) throw error;
    });
  }

  /**
   * Publishes events and resolves once JetStream has stored every one. Events are packed into messages
   * (wire-format.ts) whose ids derive from the event ids, so a publish retried after a lost
   * acknowledgement is stored once. Messages are sent in order on one connection, so events of one
   * subject are stored in the order given.
   */
  async publish(outgoing: OutgoingEvent[]): Promise<void> {
    const packs = packEvents(outgoing);
    const maxPayloadBytes = this.nats.info?.max_payload ?? Infinity;
    const oversized = packs.find((pack) => pack.payload.length > maxPayloadBytes);
    // Retrying cannot make it fit: a permanent error, not 'unavailable'.
    if (oversized) throw new AppError('too-large', 'EVENT_TOO_LARGE', `an event of ${oversized.payload.length} bytes is over the NATS server's maximum payload of ${maxPayloadBytes} bytes`);
    try {
      // A sliding window: a new publish starts as soon as any earlier one is acknowledged.
      let next = 0;
      const sendUntilDone = async () => {
        while (next < packs.length) {
          const pack = packs[next++];
          await this.client.publish(pack.subject, pack.payload, { msgID: pack.msgId, timeout: 30_000 });
        }
      };
      await Promise.all(Array.from({ length: Math.min(publishesInFlight, packs.length) }, sendUntilDone));
    } catch (error) {
      throw new AppError('unavailable', 'JETSTREAM_UNAVAILABLE', 'JetStream did not store the events', { cause: error });
    }
  }

  /** False while the server is out of reach: a caller can refuse work at once instead of waiting for a timeout. */
  isConnected(): boolean {
    return !this.nats.isClosed() && this.nats.info !== undefined && this.serverReachable;
  }

  /** Deletes this namespace's streams and key-value buckets (a bucket is a stream `KV_<name>`); for tests and benchmarks. */
  async deleteNamespace(): Promise<void> {
    const names = [
      ...(Object.keys(streams) as StreamKey[]).map((key) => this.streamName(key)),
      ...(Object.keys(keyValueBuckets) as Array<keyof typeof keyValueBuckets>).map((bucket) => `KV_${keyValueBucketName(this.namespace, bucket)}`),
    ];
    for (const name of names) {
      await this.manager.streams.delete(name).catch((error) => {
        if (!isNotFound(error)) throw error;
      });
    }
  }

  async close(): Promise<void> {
    if (!this.nats.isClosed()) await this.nats.drain();
  }
}

export function isNotFound(error: unknown): boolean {
  const text = String((error as { message?: string })?.message ?? error);
  return /not found/i.test(text);
}

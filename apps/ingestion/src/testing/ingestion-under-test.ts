import type { AddressInfo } from 'node:net';
import { jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { NestExpressApplication } from '@nestjs/platform-express';
import { parseEventOf, RequestObserved, streamName } from '@sessionscope/contracts';
import { unpackEvents } from '@sessionscope/messaging';
import { loadConfig } from '@sessionscope/shared/config';
import { deleteRedisNamespace } from '@sessionscope/stack';
import { IngestionConfig, ingestionConfigSchema } from '../ingestion.config';
import { createIngestionApp } from '../main';

export const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A message of the traffic stream, with the events it packs. */
export type StoredMessage = { subject: string; msgId: string | undefined; events: RequestObserved[] };

/**
 * The ingestion app on a free port of 127.0.0.1, against the real NATS and Redis of the local stack, in
 * a namespace of its own that `stop` removes (streams and Redis keys).
 */
export class IngestionUnderTest {
  private constructor(
    readonly config: IngestionConfig,
    readonly baseUrl: string,
    /** For reading and bending the namespace's streams. */
    readonly manager: JetStreamManager,
    private readonly app: NestExpressApplication,
    private readonly nats: NatsConnection,
  ) {}

  /** `settings` are environment settings of ingestion, over the namespace, NATS, Redis and quiet logs. */
  static async start(namespace: string, settings: Record<string, string>): Promise<IngestionUnderTest> {
    const config = loadConfig(ingestionConfigSchema, { NATS_URL: natsUrl, REDIS_URL: redisUrl, SESSIONSCOPE_NAMESPACE: namespace, LOG_LEVEL: 'error', ...settings });
    const app = await createIngestionApp(config);
    await app.listen(0, '127.0.0.1');
    const nats = await connect({ servers: natsUrl });
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    return new IngestionUnderTest(config, baseUrl, await jetstreamManager(nats), app, nats);
  }

  /** Every message of the traffic stream, in order. */
  async storedMessages(): Promise<StoredMessage[]> {
    const stream = streamName(this.config.SESSIONSCOPE_NAMESPACE, 'traffic');
    const info = await this.manager.streams.info(stream);
    const stored: StoredMessage[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const message = await this.manager.streams.getMessage(stream, { seq });
      if (message === null) continue;
      stored.push({ subject: message.subject, msgId: message.header?.get('Nats-Msg-Id'), events: unpackEvents(message.data).map((event) => parseEventOf('RequestObserved', event)) });
    }
    return stored;
  }

  async stop(): Promise<void> {
    const namespace = this.config.SESSIONSCOPE_NAMESPACE;
    await this.app.close();
    for await (const name of this.manager.streams.names()) {
      if (name.startsWith(`${namespace.toUpperCase()}_`)) await this.manager.streams.delete(name);
    }
    await this.nats.close();
    await deleteRedisNamespace(redisUrl, namespace);
  }
}

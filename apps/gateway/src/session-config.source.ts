import { Logger } from '@nestjs/common';
import { JetStreamConnection, SessionConfigStore } from '@sessionscope/messaging';
import { AppError } from '@sessionscope/shared/errors';

/**
 * The session configuration store, reached on first use: the gateway serves sessions from OpenSearch
 * alone, so NATS being down must cost only the configuration routes (503), not the whole gateway.
 */
export class SessionConfigSource {
  private readonly logger = new Logger('SessionConfig');
  private opening: Promise<{ connection: JetStreamConnection; store: SessionConfigStore }> | null = null;

  constructor(private readonly options: { url: string; namespace: string }) {}

  /** Runs `work` with the store; NATS failing on the way is a 503 CONFIG_STORE_UNAVAILABLE. */
  async use<T>(work: (store: SessionConfigStore) => Promise<T>): Promise<T> {
    this.opening ??= this.open();
    let store: SessionConfigStore;
    try {
      store = (await this.opening).store;
    } catch (error) {
      this.opening = null;
      throw this.unavailable(error);
    }
    try {
      return await work(store);
    } catch (error) {
      throw error instanceof AppError ? error : this.unavailable(error);
    }
  }

  private unavailable(error: unknown): AppError {
    this.logger.warn(`NATS is unavailable for session configurations: ${(error as Error).message}`);
    return new AppError('unavailable', 'CONFIG_STORE_UNAVAILABLE', 'the session configuration store (NATS JetStream) is unavailable; try again later', { cause: error });
  }

  async close(): Promise<void> {
    const opened = await this.opening?.catch(() => null);
    await opened?.connection.close();
  }

  private async open() {
    const connection = await JetStreamConnection.connect({ url: this.options.url, namespace: this.options.namespace, name: 'gateway' });
    try {
      return { connection, store: await SessionConfigStore.open(connection) };
    } catch (error) {
      await connection.close();
      throw error;
    }
  }
}

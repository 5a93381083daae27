import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { subjectFor, subjects } from '@sessionscope/contracts';
import { countStoredBatch, emptyIngestionReport, inBatches, IngestionReport, observeTraffic, TrafficFormat } from '@sessionscope/ingestion/domain';
import { JetStreamConnection, partitionOf } from '@sessionscope/messaging';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';

/** One tenant until authentication says whose traffic a request carries. */
export const defaultTenant = 'default';

export type TrafficUpload = {
  format: TrafficFormat;
  application?: string;
  host?: string;
  sourceId?: string;
  lineOffset: number;
  correlationId: string;
};

@Injectable()
export class TrafficIngestionService {
  constructor(
    private readonly connection: JetStreamConnection,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  /**
   * Stores the accepted requests of a body as RequestObserved events, batch by batch, and resolves
   * with the report once JetStream holds every one. Throws the publisher's `unavailable` AppError
   * otherwise; then nothing is reported accepted, and a retry of the same body stores each event
   * once (see sourceId).
   */
  async ingest(body: Uint8Array, upload: TrafficUpload): Promise<IngestionReport> {
    const lines = observeTraffic(
      body,
      {
        format: upload.format,
        tenant: defaultTenant,
        application: upload.application,
        host: upload.host,
        // Without a source named by the sender, the body names itself: a retried body gets the same
        // record ids, so the events already stored before a failure are deduplicated by JetStream.
        sourceId: upload.sourceId ?? `body:${createHash('sha256').update(body).digest('hex')}`,
        lineOffset: upload.lineOffset,
        maxLineBytes: this.config.MAX_LINE_BYTES,
        keyChainOf: () => this.config.SESSION_KEY_CHAIN,
        paranoiaOf: () => this.config.DETECTION_PARANOIA,
        secret: this.config.SESSION_KEY_SECRET,
      },
      { newId: randomUUID, now: new Date().toISOString(), correlationId: upload.correlationId },
    );
    let report = emptyIngestionReport();
    for (const batch of inBatches(lines, this.config.PUBLISH_BATCH_SIZE)) {
      if (batch.events.length > 0) {
        await this.connection.publish(batch.events.map((event) => ({ subject: this.subjectOf(event.data.sessionKey.hash), event })));
      }
      report = countStoredBatch(report, batch);
    }
    return report;
  }

  private subjectOf(sessionKeyHash: string): string {
    return subjectFor(this.config.SESSIONSCOPE_NAMESPACE, subjects.requestObserved, partitionOf(sessionKeyHash, this.config.SESSIONSCOPE_PARTITIONS));
  }
}

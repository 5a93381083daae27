import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestObserved, subjectFor, subjects } from '@sessionscope/contracts';
import { AttackDetectionOptions, countStoredBatch, emptyIngestionReport, inBatches, IngestionReport, MaskingOptions, ObservedLine, observeTraffic, SessionKeyOptions, tallyBatch, TrafficFormat } from '@sessionscope/ingestion/domain';
import { JetStreamConnection, partitionOf } from '@sessionscope/messaging';
import { AppError, describeError } from '@sessionscope/shared/errors';
import { ApplicationSettingsService } from './application-settings';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { IngestionStatsStore } from './ingestion-stats.store';
import { RecordLedger } from './record-ledger';

export type TrafficUpload = {
  /** The tenant of the request's ingest token. */
  tenant: string;
  format: TrafficFormat;
  application?: string;
  host?: string;
  sourceId?: string;
  lineOffset: number;
  /** Field names of nginx JSON lines, as JSON; checked by the domain. */
  nginxFields?: string;
  correlationId: string;
};

/** The source of a body whose sender names none: the body itself, so that a retried body gets the same record ids. */
function bodySourceId(body: Uint8Array): string {
  return `body:${createHash('sha256').update(body).digest('hex')}`;
}

/** Where records came in, for the stats: the route (`traffic`, `traces`). */
export type StoreContext = { tenant: string; source: string; receivedAt: string };

@Injectable()
export class TrafficIngestionService {
  private readonly logger = new Logger('TrafficIngestion');

  constructor(
    private readonly connection: JetStreamConnection,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
    private readonly settings: ApplicationSettingsService,
    private readonly ledger: RecordLedger,
    private readonly stats: IngestionStatsStore,
  ) {}

  /**
   * The records of a body, observed and stored (see storeObserved): POST /v1/traffic, and POST
   * /v1/traces (`source` 'traces'), whose span record ids are their trace and span ids, so an export
   * retried by the Collector stores once.
   */
  async ingest(body: Uint8Array, upload: TrafficUpload, source: 'traffic' | 'traces' = 'traffic'): Promise<IngestionReport> {
    const receivedAt = new Date().toISOString();
    const lines = observeTraffic(
      body,
      {
        format: upload.format,
        tenant: upload.tenant,
        application: upload.application,
        host: upload.host,
        // Without a source named by the sender, the body names itself: a retried body gets the same
        // record ids, so the events already stored before a failure are not stored again.
        sourceId: upload.sourceId ?? bodySourceId(body),
        lineOffset: upload.lineOffset,
        nginxJsonMapping: upload.nginxFields,
        maxLineBytes: this.config.MAX_LINE_BYTES,
        ...this.observeOptions(upload.tenant),
      },
      { newId: randomUUID, now: receivedAt, correlationId: upload.correlationId },
    );
    return this.storeObserved(lines, { tenant: upload.tenant, source, receivedAt });
  }

  /** A tenant's session points and key secret, and each application's detection paranoia and masking, as observeTraffic takes them. */
  private observeOptions(tenant: string): SessionKeyOptions & AttackDetectionOptions & MaskingOptions {
    return {
      sessionPointsOf: (application) => this.settings.sessionPointsOf(tenant, application),
      secret: this.settings.secretOf(tenant),
      paranoiaOf: (application) => this.settings.paranoiaOf(tenant, application),
      maskingOf: (application) => this.settings.maskingOf(tenant, application),
    };
  }

  /**
   * Stores observed records as RequestObserved events, batch by batch, leaving out records stored
   * before (RecordLedger), and resolves with the report once JetStream holds every new one. When
   * JetStream or Redis cannot take them, throws an `unavailable` AppError (503 with Retry-After):
   * nothing is reported accepted, and the same upload sent again stores each record once.
   */
  async storeObserved(lines: Iterable<ObservedLine>, context: StoreContext): Promise<IngestionReport> {
    if (!this.connection.isConnected()) throw new AppError('unavailable', 'NATS_UNAVAILABLE', 'NATS is not reachable; nothing was stored, send it again later');
    let report = emptyIngestionReport();
    for (const batch of inBatches(lines, this.config.PUBLISH_BATCH_SIZE)) {
      const { fresh, duplicates } = await this.ledger.unseen(context.tenant, batch.events);
      if (fresh.length > 0) await this.publish(fresh);
      const stored = { events: fresh, rejections: batch.rejections, duplicates };
      // Bookkeeping after the fact: the events are stored, so a failure here is logged, not answered.
      // The ids are remembered before the next batch is checked: a record repeated later in the same body is a duplicate.
      await Promise.all([
        this.ledger.markStored(context.tenant, fresh).catch((error: unknown) => this.logger.warn(`record ids not remembered (a resend may be stored twice): ${describeError(error)}`)),
        this.stats.add(context.tenant, tallyBatch(stored, context), context.receivedAt).catch((error: unknown) => this.logger.warn(`ingestion stats not counted: ${describeError(error)}`)),
      ]);
      report = countStoredBatch(report, stored);
    }
    return report;
  }

  private async publish(events: RequestObserved[]): Promise<void> {
    try {
      await this.connection.publish(events.map((event) => ({ subject: this.subjectOf(event.data.sessionKey.hash), event })));
    } catch (error) {
      throw backpressureOf(error);
    }
  }

  private subjectOf(sessionKeyHash: string): string {
    return subjectFor(this.config.SESSIONSCOPE_NAMESPACE, subjects.requestObserved, partitionOf(sessionKeyHash, this.config.SESSIONSCOPE_PARTITIONS));
  }
}

/** JetStream's own refusals when a stream or the server is at a limit (max_bytes, max_msgs, storage). */
const fullStream = /maximum (bytes|messages|msgs)|exceeded|insufficient (storage|resources)|no space/i;

/**
 * A stream at its limits refuses with its own message: said as such, so an operator knows to raise
 * the limits or add consumers rather than look for an outage. Both are 503s the sender retries.
 */
function backpressureOf(error: unknown): unknown {
  if (!(error instanceof AppError) || error.kind !== 'unavailable') return error;
  if (!fullStream.test(describeError(error.cause))) return error;
  return new AppError('unavailable', 'JETSTREAM_FULL', 'the traffic stream is at its storage limits; nothing more was stored, send it again later', { cause: error.cause });
}

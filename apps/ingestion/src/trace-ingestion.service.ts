import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { IngestionReport, observeTraffic } from '@sessionscope/ingestion/domain';
import { INGESTION_CONFIG, IngestionConfig } from './ingestion.config';
import { bodySourceId, TrafficIngestionService } from './traffic-ingestion.service';

export type TraceUpload = { tenant: string; format: 'otlp-json' | 'otlp-protobuf'; correlationId: string };

/**
 * POST /v1/traces: the HTTP server spans of an OTLP export, observed and stored like any traffic.
 * A span's record id is its trace and span ids, so an export retried by the Collector stores once.
 */
@Injectable()
export class TraceIngestionService {
  constructor(
    private readonly traffic: TrafficIngestionService,
    @Inject(INGESTION_CONFIG) private readonly config: IngestionConfig,
  ) {}

  async ingest(body: Uint8Array, upload: TraceUpload): Promise<IngestionReport> {
    const receivedAt = new Date().toISOString();
    const spans = observeTraffic(
      body,
      {
        format: upload.format,
        tenant: upload.tenant,
        sourceId: bodySourceId(body),
        maxLineBytes: this.config.MAX_LINE_BYTES,
        ...this.traffic.observeOptions(upload.tenant),
      },
      { newId: randomUUID, now: receivedAt, correlationId: upload.correlationId },
    );
    return this.traffic.storeObserved(spans, { tenant: upload.tenant, source: 'traces', receivedAt });
  }
}

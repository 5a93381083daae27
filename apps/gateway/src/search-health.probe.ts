import { Inject, Injectable } from '@nestjs/common';
import { SearchClient } from '@sessionscope/search';
import { AppError } from '@sessionscope/shared/errors';
import { SEARCH_CLIENT } from './sessions.repository';

export type SearchHealth = { status: 'ok'; opensearch: { status: 'green' | 'yellow' } };

/** Up when OpenSearch answers within two seconds with a cluster that is not red (a primary shard missing). */
@Injectable()
export class SearchHealthProbe {
  constructor(@Inject(SEARCH_CLIENT) private readonly client: SearchClient) {}

  async check(): Promise<SearchHealth> {
    let status: string;
    try {
      status = (await this.client.cluster.health({}, { requestTimeout: 2_000, maxRetries: 0 })).body.status;
    } catch (error) {
      throw new AppError('unavailable', 'SEARCH_UNAVAILABLE', 'OpenSearch does not answer', { cause: error, details: [{ field: 'opensearch', message: 'no answer within 2 s' }] });
    }
    if (status !== 'green' && status !== 'yellow') {
      throw new AppError('unavailable', 'SEARCH_UNAVAILABLE', `OpenSearch cluster is ${status}`, { details: [{ field: 'opensearch', message: `cluster status ${status}` }] });
    }
    return { status: 'ok', opensearch: { status } };
  }
}

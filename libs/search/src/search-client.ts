import { Client } from '@opensearch-project/opensearch';
import { AppError } from '@sessionscope/shared/errors';
import { aliasName, generationIndexName, IndexKind, indexPattern, mappingVersion } from './index-names';
import { indexSettings, requestFields, sessionFields } from './mappings';

export type SearchClient = Client;

export function createSearchClient(url: string): SearchClient {
  // Bulk bodies of a few thousand documents take longer than the client's default timeout under load.
  return new Client({ node: url, requestTimeout: 60_000, maxRetries: 2 });
}

const fieldsOf: Record<IndexKind, Record<string, never>> = { requests: requestFields as never, sessions: sessionFields as never };
const kinds: IndexKind[] = ['requests', 'sessions'];

/** Where the projections of one deployment (one index prefix) live. */
export type ProjectionTargets = Record<IndexKind, string>;

export function aliasTargets(prefix: string): ProjectionTargets {
  return { requests: aliasName(prefix, 'requests'), sessions: aliasName(prefix, 'sessions') };
}

async function putTemplates(client: SearchClient, prefix: string): Promise<void> {
  for (const kind of kinds) {
    await client.indices.putIndexTemplate({
      name: `${aliasName(prefix, kind)}-v${mappingVersion}`,
      body: {
        index_patterns: [indexPattern(prefix, kind)],
        template: { settings: indexSettings, mappings: { dynamic: 'strict', properties: fieldsOf[kind] } },
      },
    });
  }
}

/**
 * Makes sure templates, one index generation per kind and the aliases exist. Idempotent and safe to
 * call from several processes at once: a concurrent creation of the same index is not an error.
 */
export async function ensureIndices(client: SearchClient, prefix: string, generation = 'g0'): Promise<ProjectionTargets> {
  try {
    await putTemplates(client, prefix);
    for (const kind of kinds) {
      const alias = aliasName(prefix, kind);
      const exists = await client.indices.existsAlias({ name: alias });
      if (exists.body) {
        // Fields added to the mapping since the index was created (additive changes only).
        await client.indices.putMapping({ index: alias, body: { properties: fieldsOf[kind] } });
        continue;
      }
      const index = generationIndexName(prefix, kind, generation);
      await client.indices
        .create({ index, body: { aliases: { [alias]: {} } } })
        .catch((error: { meta?: { body?: { error?: { type?: string } } } }) => {
          if (error.meta?.body?.error?.type !== 'resource_already_exists_exception') throw error;
        });
    }
    await client.cluster.health({ index: kinds.map((kind) => aliasName(prefix, kind)).join(','), wait_for_status: 'yellow', timeout: '30s' });
    return aliasTargets(prefix);
  } catch (error) {
    throw new AppError('unavailable', 'SEARCH_UNAVAILABLE', 'could not prepare the OpenSearch indices', { cause: error });
  }
}

/** Creates a fresh generation of both indices (not yet behind the aliases), for a rebuild. */
export async function createGeneration(client: SearchClient, prefix: string, generation: string): Promise<ProjectionTargets> {
  await putTemplates(client, prefix);
  const targets = {} as ProjectionTargets;
  for (const kind of kinds) {
    targets[kind] = generationIndexName(prefix, kind, generation);
    await client.indices.create({ index: targets[kind] });
  }
  return targets;
}

/** Points each alias at the given generation in one atomic step, then deletes the generations it left. */
export async function switchAliases(client: SearchClient, prefix: string, targets: ProjectionTargets): Promise<string[]> {
  const actions: object[] = [];
  const previous: string[] = [];
  for (const kind of kinds) {
    const alias = aliasName(prefix, kind);
    const current = await client.indices.getAlias({ name: alias }).catch(() => ({ body: {} }));
    for (const index of Object.keys(current.body)) {
      if (index === targets[kind]) continue;
      previous.push(index);
      actions.push({ remove: { index, alias } });
    }
    actions.push({ add: { index: targets[kind], alias } });
  }
  await client.indices.updateAliases({ body: { actions } });
  if (previous.length > 0) await client.indices.delete({ index: previous.join(',') });
  return previous;
}

export async function refresh(client: SearchClient, targets: ProjectionTargets): Promise<void> {
  await client.indices.refresh({ index: `${targets.requests},${targets.sessions}` });
}

/** Removes every index, alias and template of a prefix (tests clean up with it). */
export async function deleteAllIndices(client: SearchClient, prefix: string): Promise<void> {
  for (const kind of kinds) {
    await client.indices.delete({ index: indexPattern(prefix, kind), ignore_unavailable: true, allow_no_indices: true } as never);
    await client.indices.deleteIndexTemplate({ name: `${aliasName(prefix, kind)}-v${mappingVersion}` }).catch(() => undefined);
  }
}

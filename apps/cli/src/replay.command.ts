import type { Command } from 'commander';
import { JetStreamConnection, SessionConfigStore } from '@sessionscope/messaging';
import { createSearchClient, describeRefusedDocuments, RefusedDocument, replayProjectionsFromJetStream } from '@sessionscope/search';
import { tenantKeySecret } from '@sessionscope/session-keys';
import { resessionize } from '@sessionscope/sessionization/infra';
import type { CliContext } from './cli-context';
import { createProgress, formatCount } from './progress-bar';

export function registerReplayCommand(program: Command, context: () => CliContext): void {
  program
    .command('replay')
    .description('sessionize the stored traffic again with the session configurations of now, into new OpenSearch indices')
    .option('--projections', 'only rebuild the indices from the sessionization events kept in JetStream (no new decisions)')
    .addHelpText(
      'after',
      '\nWithout options, replay keys every stored request again with the current key chain, User and Roles points\n' +
        'and limits of its application (values hidden by masking are keyed by the hashes kept at ingestion), and\n' +
        'decides the sessions anew. Stop the sessionization service first; start it again afterwards and it carries\n' +
        'on from the end of the replayed traffic. The result goes into a new index generation; the aliases move to it\n' +
        'in one step, so the gateway keeps answering from the old one meanwhile.\n' +
        '\nWith --projections, the indices are rebuilt from the recorded decisions; services may keep running.',
    )
    .action(async (options: { projections?: boolean }) => {
      const { config, replayConfig, log, interactive } = context();
      const connection = await JetStreamConnection.connect({ url: config.NATS_URL, namespace: config.SESSIONSCOPE_NAMESPACE, name: 'cli-replay' });
      const search = createSearchClient(config.OPENSEARCH_URL);
      const generation = `r${new Date().toISOString().replace(/[-:.]/g, '').toLowerCase()}`;
      const warnRefused = (refused: RefusedDocument[]) => log.warn(describeRefusedDocuments(refused));
      try {
        if (options.projections) {
          const stream = await connection.manager.streams.info(connection.streamName('sessions'));
          log.step(`replaying ${formatCount(stream.state.messages)} messages of ${connection.streamName('sessions')} into new ${config.SESSIONSCOPE_INDEX_PREFIX} indices`);
          const progress = createProgress({ stream: process.stderr, interactive, label: 'replay', total: stream.state.last_seq, unit: 'msgs' });
          const report = await replayProjectionsFromJetStream(connection, search, config.SESSIONSCOPE_INDEX_PREFIX, generation, ({ lastSequence }) => progress.update(lastSequence), warnRefused);
          progress.finish();
          log.ok(`${formatCount(report.events)} events projected, ${formatCount(report.documentsWritten)} documents written (${formatCount(report.staleSnapshots)} older session snapshots skipped)${report.documentsRefused > 0 ? `, ${formatCount(report.documentsRefused)} refused (above)` : ''}`);
          log.ok(`aliases now point at ${report.generation.requests} and ${report.generation.sessions}; removed ${report.removedIndices.join(', ') || 'nothing'}`);
          return;
        }
        const replaySettings = replayConfig();
        const configs = await SessionConfigStore.open(connection);
        await configs.follow(log.warn);
        const stored = configs.list();
        log.step(`sessionizing ${connection.streamName('traffic')} again with ${stored.length} application configuration(s)${stored.length > 0 ? ` (${stored.map((entry) => entry.application).join(', ')})` : ''}; others use the defaults`);
        // The total is known once the replay counted the applications to read: the bar starts then.
        const bar: { progress?: ReturnType<typeof createProgress> } = {};
        const report = await resessionize({
          connection,
          search,
          indexPrefix: config.SESSIONSCOPE_INDEX_PREFIX,
          partitions: config.SESSIONSCOPE_PARTITIONS,
          generation,
          settings: {
            idleTimeoutMs: replaySettings.IDLE_TIMEOUT_MS,
            maxSessionMs: replaySettings.MAX_SESSION_MS,
            allowedLatenessMs: replaySettings.ALLOWED_LATENESS_MS,
            maxHoldMs: replaySettings.MAX_HOLD_MS,
            rulesOf: (tenant, application) => configs.current(tenant, application),
          },
          pointsOf: (tenant, application) => configs.current(tenant, application) ?? { keyChain: replaySettings.SESSION_KEY_CHAIN, user: null, roles: null },
          secretOf: (tenant) => tenantKeySecret(replaySettings.SESSION_KEY_SECRET, tenant),
          now: () => new Date(),
          onProgress: ({ messages, totalMessages }) => {
            bar.progress ??= createProgress({ stream: process.stderr, interactive, label: 'replay', total: totalMessages, unit: 'msgs' });
            bar.progress.update(messages);
          },
          onRefused: warnRefused,
        });
        bar.progress?.finish();
        await configs.close();
        if (report.documentsRefused > 0) log.warn(`${formatCount(report.documentsRefused)} documents were refused by OpenSearch (above)`);
        log.ok(`${formatCount(report.requests)} requests in ${formatCount(report.sessions)} sessions; aliases now point at ${report.generation.requests} and ${report.generation.sessions}; removed ${report.removedIndices.join(', ') || 'nothing'}`);
        log.ok('start the sessionization service again: it carries on after the replayed traffic');
      } finally {
        await connection.close();
        await search.close();
      }
    });
}

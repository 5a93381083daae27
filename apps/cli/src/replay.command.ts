import type { Command } from 'commander';
import { JetStreamConnection } from '@sessionscope/messaging';
import { createSearchClient, replayProjectionsFromJetStream } from '@sessionscope/search';
import type { CliContext } from './cli-context';
import { createProgress, formatCount } from './progress-bar';

export function registerReplayCommand(program: Command, context: () => CliContext): void {
  program
    .command('replay')
    .description('rebuild the OpenSearch projections (requests and sessions) from the events kept in JetStream')
    .addHelpText(
      'after',
      '\nThe rebuild goes into a new index generation; the aliases move to it in one step when it is complete,\n' +
        'so the gateway keeps answering from the old generation meanwhile. Services may keep running.',
    )
    .action(async () => {
      const { config, log, interactive } = context();
      const connection = await JetStreamConnection.connect({ url: config.NATS_URL, namespace: config.SESSIONSCOPE_NAMESPACE, name: 'cli-replay' });
      const search = createSearchClient(config.OPENSEARCH_URL);
      try {
        const stream = await connection.manager.streams.info(connection.streamName('sessions'));
        log.step(`replaying ${formatCount(stream.state.messages)} messages of ${connection.streamName('sessions')} into new ${config.SESSIONSCOPE_INDEX_PREFIX} indices`);
        const progress = createProgress({ stream: process.stderr, interactive, label: 'replay', total: stream.state.last_seq, unit: 'msgs' });
        const generation = `r${new Date().toISOString().replace(/[-:.]/g, '').toLowerCase()}`;
        const report = await replayProjectionsFromJetStream(connection, search, config.SESSIONSCOPE_INDEX_PREFIX, generation, ({ lastSequence }) => progress.update(lastSequence));
        progress.finish();
        log.ok(`${formatCount(report.events)} events projected, ${formatCount(report.documentsWritten)} documents written (${formatCount(report.staleSnapshots)} older session snapshots skipped)`);
        log.ok(`aliases now point at ${report.generation.requests} and ${report.generation.sessions}; removed ${report.removedIndices.join(', ') || 'nothing'}`);
      } finally {
        await connection.close();
        await search.close();
      }
    });
}

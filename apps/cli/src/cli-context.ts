import type { CliConfig, LocalStackConfig, ReplayConfig } from './cli-config';
import type { Logger } from './logger';
import type { WorkspacePaths } from './workspace';

/** What every command receives: the checkout it works on, the parsed configuration and the logger. */
export type CliContext = {
  paths: WorkspacePaths;
  /** What every command may read; parsed before any command runs. */
  config: CliConfig;
  /** OPENSEARCH_HEAP_MB, parsed on first use: only the commands that start OpenSearch fail on it. */
  localStackConfig: () => LocalStackConfig;
  /** Session keys and sessionization limits, parsed on first use: only `replay` fails on them. */
  replayConfig: () => ReplayConfig;
  log: Logger;
  /** The environment handed to the processes the CLI starts (apps, nx, the demo generator). */
  childEnv: NodeJS.ProcessEnv;
  /** True when stderr is a terminal: progress bars redraw in place instead of printing lines. */
  interactive: boolean;
};

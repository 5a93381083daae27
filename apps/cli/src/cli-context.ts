import type { CliConfig } from './cli-config';
import type { Logger } from './logger';
import type { WorkspacePaths } from './workspace';

/** What every command receives: the checkout it works on, the parsed configuration and the logger. */
export type CliContext = {
  paths: WorkspacePaths;
  config: CliConfig;
  log: Logger;
  /** The environment handed to the processes the CLI starts (apps, nx, the demo generator). */
  childEnv: NodeJS.ProcessEnv;
  /** True when stderr is a terminal: progress bars redraw in place instead of printing lines. */
  interactive: boolean;
};

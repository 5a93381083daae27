export { localDefaultUrls, isLocalDefault, endpointOf, redactUrl, type StackServiceName, type Endpoint } from './endpoints';
export { probeNats, probeRedis, probeOpenSearch, isPortOpen, requestTarget, type ProbeResult, type ClusterHealth } from './probes';
export { ensureChromium, ensureInstalled, ensureNats, ensureRedis, type EnsureResult, type EnsureDaemonOptions, type InstallSpec, type StackLog } from './system-daemons';
export { ensureOpenSearch, stopOpenSearch, openSearchPaths, type OpenSearchOptions, type StopResult } from './opensearch-node';
export { launcherPaths, jarsAreComplete, prepareLauncher, directDependencies, missingJars } from './opensearch-jars';
export { stackStatus, type StackUrls, type ServiceStatus } from './stack-status';
export {
  sleep,
  waitFor,
  isProcessAlive,
  commandLineOf,
  readPidFile,
  writePidFile,
  startDetached,
  stopProcess,
  tailOfFile,
  findExecutable,
  type PidFileProcess,
} from './local-processes';
export { AppProcess, buildApps, freePort, type AppName } from './app-process';
export { deleteRedisNamespace } from './redis-namespace';

import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Apps of this checkout run as child processes of the caller, on ports of its choice, with an
 * environment of its own: how the end-to-end tests and the benchmarks run the real thing side by side
 * with whatever else is running (`sessionscope up` runs detached apps instead, see apps/cli).
 */
export type AppName = 'ingestion' | 'sessionization' | 'gateway';

/** Builds dist/ if a source changed since the last build. */
export function buildApps(root: string): void {
  execFileSync(process.execPath, [join(root, 'tools/build.mjs'), '--if-stale'], { cwd: root, stdio: 'pipe' });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export class AppProcess {
  private child: ChildProcess | undefined;
  private output = '';

  constructor(
    private readonly root: string,
    readonly name: AppName,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The last lines the app wrote (stdout and stderr), for a test to show when it fails. */
  recentOutput(lines = 40): string {
    return this.output.split('\n').slice(-lines - 1).join('\n');
  }

  async start(): Promise<void> {
    this.output = '';
    // APP_NODE_OPTIONS passes flags that NODE_OPTIONS refuses, such as --cpu-prof, to the apps.
    const nodeFlags = (process.env.APP_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeFlags, join(this.root, 'dist/apps', this.name, 'src/main.js')], {
      cwd: this.root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...this.env, HOST: '127.0.0.1', PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk) => (this.output += chunk));
    this.child.stderr?.on('data', (chunk) => (this.output += chunk));
    const healthPath = this.name === 'gateway' ? '/api/v1/health' : '/health';
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.output}`);
      const healthy = await fetch(`${this.url}${healthPath}`).then((response) => response.ok, () => false);
      if (healthy) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${this.name} did not become healthy in 60 s:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hook runs, as when a machine or container dies. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }
}

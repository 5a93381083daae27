import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { normaliseRecord } from '@sessionscope/ingestion/domain';
import { partitionOf } from '@sessionscope/messaging';
import { resolveSessionPoints } from '@sessionscope/session-keys';
import { decide, IncomingRequest, initialPartitionState, PartitionState, SessionizationEvent, SessionizationSettings, SessionizerInput, sessionStep, SessionTimes } from '@sessionscope/sessionization/domain';
import { AppError, describeError } from '@sessionscope/shared/errors';
import { compareSessions, GeneratedRequest, generateTraffic, SessionComparison, shopHost, shopSessionConfig } from '@sessionscope/traffic-generator';
import type { CliContext } from './cli-context';
import { wholeNumberOption } from './generate.command';
import type { Logger } from './logger';
import { createProgress, formatCount } from './progress-bar';

type BenchOptions = { requests: string; seed: string; partitions: string; batchSize: string; shuffleLatenessMs: string; postgresUrl: string };

const tenant = 'bench';
const startPostgres = 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** What both sessionizations are given and give back, one entry per request in arrival (= time) order. */
type Run = {
  ids: string[];
  keyHashes: string[];
  timesMs: Float64Array;
  truth: string[];
  truthUsers: (string | null)[];
  truthRoles: string[];
  truthPrevious: (string | null)[];
};

/** Elapsed time, and the CPU time of the process that did the work (null when it cannot be read). */
type Timing = { wallSeconds: number; cpuSeconds: number | null };

const zeroTiming = (): Timing => ({ wallSeconds: 0, cpuSeconds: 0 });

/** Runs synchronous work, adding its wall and CPU time (of this process) to a timing. */
function timeInProcess<T>(timing: Timing, work: () => T): T {
  const startedMs = performance.now();
  const startedCpu = process.cpuUsage();
  const value = work();
  const cpu = process.cpuUsage(startedCpu);
  timing.wallSeconds += (performance.now() - startedMs) / 1000;
  timing.cpuSeconds = (timing.cpuSeconds ?? 0) + (cpu.user + cpu.system) / 1e6;
  return value;
}

const sumOf = (a: Timing, b: Timing): Timing => ({ wallSeconds: a.wallSeconds + b.wallSeconds, cpuSeconds: a.cpuSeconds === null || b.cpuSeconds === null ? null : a.cpuSeconds + b.cpuSeconds });

function describeTiming(timing: Timing, requests: number): string {
  const cpu = timing.cpuSeconds === null ? '' : `, CPU ${timing.cpuSeconds.toFixed(2)} s -> ${formatCount(requests / timing.cpuSeconds)} requests/CPU-s`;
  return `${timing.wallSeconds.toFixed(2)} s -> ${formatCount(requests / timing.wallSeconds)} requests/s${cpu}`;
}

function ratioOf(core: Timing, sql: Timing, field: keyof Timing): string {
  const coreValue = core[field];
  const sqlValue = sql[field];
  return coreValue === null || sqlValue === null ? 'n/a' : `${(sqlValue / coreValue).toFixed(2)}x`;
}

type CoreResult = {
  sessions: string[];
  keys: Timing;
  decide: Timing;
  /** Last snapshot of each session: who it names and the part it continues. */
  sessionInfo: Map<string, { user: string | null; roles: string[]; previousPartId: string | null }>;
};

/**
 * Sessionization throughput of the pure core (session key resolution + decide, partitioned as the
 * service does, no I/O) against the same sessionization written as SQL window functions in PostgreSQL,
 * on the same generated requests in one run, checking that both give the same sessions.
 */
export function registerBenchSessionizeCommand(program: Command, context: () => CliContext): void {
  program
    .command('bench-sessionize')
    .description('measure requests/s of the sessionization core against the same sessionization as SQL window functions in PostgreSQL, and check both give the same sessions')
    .option('--requests <n>', 'how many generated requests', '1000000')
    .option('--seed <n>', 'seed of the traffic generator', '1')
    .option('--partitions <n>', 'partitions of the request stream, as SESSIONSCOPE_PARTITIONS', '4')
    .option('--batch-size <n>', 'requests per decide call and partition (a batch of 10 messages of up to 500 events)', '5000')
    .option('--shuffle-lateness-ms <ms>', 'feed the core the requests shuffled within this lateness (at most the allowed 600000) instead of in time order', '0')
    .option('--postgres-url <url>', 'PostgreSQL to compare with', 'postgres://postgres@127.0.0.1:5432/test')
    .addHelpText(
      'after',
      [
        '',
        'The traffic is that of `sessionscope generate` (application `shop`, its session configuration, in time',
        'order). Generating and normalising the records, and loading PostgreSQL, are not timed. The SQL numbers the',
        'sessions of each key with LAG and a running SUM; a session longer than maxSessionMs is split into parts',
        'by a recursive CTE (timed apart; the window-only query splits at fixed multiples of maxSessionMs).',
        `PostgreSQL must run: ${startPostgres}`,
      ].join('\n'),
    )
    .action(async (options: BenchOptions) => {
      const { log, interactive } = context();
      const requests = wholeNumberOption('requests', options.requests, 1);
      const seed = wholeNumberOption('seed', options.seed, 0);
      const partitions = wholeNumberOption('partitions', options.partitions, 1);
      const batchSize = wholeNumberOption('batch-size', options.batchSize, 1);
      const shuffleLatenessMs = wholeNumberOption('shuffle-lateness-ms', options.shuffleLatenessMs, 0);
      const client = await connectPostgres(options.postgresUrl);
      try {
        log.info(`${cpus().length} CPU cores, load average ${loadavg()[0].toFixed(1)}: wall times include waiting for a core, CPU times do not`);
        const traffic = generateTraffic({ requests, seed, shuffleLatenessMs });
        const { summary } = traffic;
        log.step(
          `${formatCount(requests)} requests of generated \`shop\` traffic (seed ${seed}), ${summary.firstTime} to ${summary.lastTime}: ${formatCount(summary.sessions)} true sessions in ${formatCount(summary.sessionParts)} parts, ${shuffleLatenessMs > 0 ? `arriving shuffled within ${shuffleLatenessMs} ms` : 'in time order'}`,
        );
        const progress = createProgress({ stream: process.stderr, interactive, label: 'core', total: requests, unit: 'requests' });
        const { run, core } = runCore(traffic.records(), requests, { partitions, batchSize }, progress);
        progress.finish();
        const coreTiming = sumOf(core.keys, core.decide);
        log.ok(`core, session keys (key chain, user and roles, partition): ${describeTiming(core.keys, requests)}`);
        log.ok(`core, decide (${partitions} partitions, batches of up to ${formatCount(batchSize)}; with events, snapshots, reordering): ${describeTiming(core.decide, requests)}`);
        log.ok(`core, both: ${describeTiming(coreTiming, requests)}`);
        reportTruth(log, run, core);
        const rule = shuffleLatenessMs > 0 ? null : runRule(run);
        if (rule) {
          log.ok(`core, the session rule alone (sessionStep of decide on each request's key and time, what the SQL computes): ${describeTiming(rule.timing, requests)}`);
          reportComparison(log, 'the session rule alone vs decide', compareSessions(core.sessions, rule.sessions));
        }

        const sql = await runPostgres(client, run, log);
        const sqlTiming = sumOf(sql.window, sql.split);
        log.ok(`PostgreSQL window functions (LAG, running SUM; max length as fixed buckets from the session start): ${describeTiming(sql.window, requests)}`);
        log.ok(`PostgreSQL exact max-length split (recursive CTE over the ${formatCount(sql.longSessions)} sessions longer than ${shopSessionConfig.maxSessionMs} ms): +${sql.split.wallSeconds.toFixed(2)} s`);
        log.ok(`PostgreSQL, both: ${describeTiming(sqlTiming, requests)}`);
        const exact = compareSessions(core.sessions, sql.exactSessions);
        const window = compareSessions(core.sessions, sql.windowSessions);
        reportComparison(log, 'core vs PostgreSQL with the exact split', exact);
        reportComparison(log, 'core vs PostgreSQL window functions only', window);
        if (window.misplacedRequests > 0) {
          log.info(
            'The window-only query cuts a long session at session start + k x maxSessionMs; the core starts a new part at the first request at or after\n' +
              "part start + maxSessionMs and measures the next part from that request, so the later cuts move by the time between the bucket edge and\n" +
              "the next request. Expressing that needs each part's start, which depends on the previous part: a recursion, not a window.",
          );
        }
        const same = exact.misplacedRequests === 0;
        log.info(
          'ratio = PostgreSQL time / core time (above 1: the core is faster). PostgreSQL is given each request\'s key hash and time, as the session\n' +
            'rule alone is: that is the like-for-like figure (target >= 10x). decide adds events, snapshots and the reorder buffer; the keys add\n' +
            'key chain resolution (HMAC, JWT decoding), which PostgreSQL does not do.',
        );
        log.result(
          `bench:sessionize requests=${requests} rule_rps=${rule ? Math.round(requests / rule.timing.wallSeconds) : 'n/a'} decide_rps=${Math.round(requests / core.decide.wallSeconds)} ` +
            `core_rps=${Math.round(requests / coreTiming.wallSeconds)} postgres_rps=${Math.round(requests / sqlTiming.wallSeconds)} ` +
            `ratio_rule=${rule ? ratioOf(rule.timing, sqlTiming, 'wallSeconds') : 'n/a'} (target >= 10x) ratio_decide=${ratioOf(core.decide, sqlTiming, 'wallSeconds')} ` +
            `ratio_with_keys=${ratioOf(coreTiming, sqlTiming, 'wallSeconds')} ratio_with_keys_cpu=${ratioOf(coreTiming, sqlTiming, 'cpuSeconds')} same_sessions=${same}`,
        );
        if (!same) process.exitCode = 1;
      } finally {
        await client.end().catch(() => undefined);
      }
    });
}

async function connectPostgres(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new AppError('unavailable', 'POSTGRES_UNAVAILABLE', `PostgreSQL is not reachable at ${url} (${describeError(error)}). Start it with: ${startPostgres}`, { cause: error });
  }
}

function recordIndexOf(id: string): number {
  return Number(id.slice(id.lastIndexOf('-') + 1));
}

function runCore(
  records: Iterable<GeneratedRequest>,
  requests: number,
  shape: { partitions: number; batchSize: number },
  progress: { update(done: number): void },
): { run: Run; core: CoreResult } {
  const run: Run = {
    ids: new Array(requests),
    keyHashes: new Array(requests),
    timesMs: new Float64Array(requests),
    truth: new Array(requests),
    truthUsers: new Array(requests),
    truthRoles: new Array(requests),
    truthPrevious: new Array(requests),
  };
  const core: CoreResult = { sessions: new Array(requests), keys: zeroTiming(), decide: zeroTiming(), sessionInfo: new Map() };
  const sessionPoints = { keyChain: shopSessionConfig.keyChain, user: shopSessionConfig.user, roles: shopSessionConfig.roles };
  const scope = { tenant, application: 'shop', secret: 'bench-secret' };
  const settings: SessionizationSettings = { idleTimeoutMs: shopSessionConfig.idleTimeoutMs, maxSessionMs: shopSessionConfig.maxSessionMs, allowedLatenessMs: 10 * 60_000, maxHoldMs: 5000 };
  // The time of the events: no decision depends on it (requests leave the reorder buffer by event time, and at the end).
  const now = new Date().toISOString();
  const states: PartitionState[] = Array.from({ length: shape.partitions }, () => initialPartitionState);

  const collect = (events: SessionizationEvent[]) => {
    for (const event of events) {
      if (event.type === 'RequestAssignedToSession') core.sessions[recordIndexOf(event.data.request.id)] = event.data.sessionId;
      else core.sessionInfo.set(event.data.session.sessionId, { user: event.data.session.user, roles: event.data.session.roles ?? [], previousPartId: event.data.session.previousPartId });
    }
  };
  const decideAll = (batches: SessionizerInput[][], decisionNow: string) => {
    for (let partition = 0; partition < shape.partitions; partition++) {
      const { state, events } = timeInProcess(core.decide, () => decide(states[partition], batches[partition], settings, { now: decisionNow }));
      states[partition] = state;
      collect(events);
    }
  };

  const chunk = shape.batchSize * shape.partitions;
  let pending: ReturnType<typeof normaliseRecord>[] = [];
  let done = 0;
  // Stream positions follow arrival order, which --shuffle-lateness-ms makes differ from time order.
  let position = 0;
  const flush = () => {
    const batches: IncomingRequest[][] = Array.from({ length: shape.partitions }, () => []);
    timeInProcess(core.keys, () => {
      for (const request of pending) {
        const { sessionKey, identity } = resolveSessionPoints(request, sessionPoints, scope);
        batches[partitionOf(sessionKey.hash, shape.partitions)].push({ position: ++position, storedAtMs: 0, correlationId: 'bench', request, sessionKey, identity });
      }
    });
    for (const batch of batches) for (const incoming of batch) run.keyHashes[recordIndexOf(incoming.request.id)] = incoming.sessionKey.hash;
    decideAll(batches, now);
    done += pending.length;
    pending = [];
    progress.update(done);
  };
  for (const { record, truth } of records) {
    const index = recordIndexOf(record.id);
    run.ids[index] = record.id;
    run.timesMs[index] = Date.parse(record.timestamp);
    run.truth[index] = truth.session;
    run.truthUsers[index] = truth.user;
    run.truthRoles[index] = truth.roles.join(',');
    run.truthPrevious[index] = truth.previousPart;
    pending.push(normaliseRecord(record, { id: record.id, tenant, line: index + 1, format: 'ndjson', application: 'shop', host: shopHost }));
    if (pending.length === chunk) flush();
  }
  if (pending.length > 0) flush();
  // The end of the stream: everything held waited the hold time, and the reorder buffers empty.
  const endTick = ++position;
  decideAll(
    Array.from({ length: shape.partitions }, () => [{ tick: true, position: endTick, storedAtMs: Number.MAX_SAFE_INTEGER }]),
    now,
  );
  return { run, core };
}

/**
 * The session rule of decide (sessionStep) alone, on what PostgreSQL is given: each request's key hash
 * and time, in time order. Open sessions are kept by key as decide keeps them; the rule closes, opens and
 * continues them in parts exactly as decide does, without the events, snapshots and reorder buffer.
 */
function runRule(run: Run): { sessions: string[]; timing: Timing } {
  type Open = SessionTimes & { label: string };
  const rules = { idleTimeoutMs: shopSessionConfig.idleTimeoutMs, maxSessionMs: shopSessionConfig.maxSessionMs };
  const sessions: string[] = new Array(run.ids.length);
  const timing = zeroTiming();
  timeInProcess(timing, () => {
    const open = new Map<string, Open>();
    let next = 0;
    for (let index = 0; index < run.ids.length; index++) {
      const key = run.keyHashes[index];
      const timeMs = run.timesMs[index];
      let session = open.get(key);
      const step = sessionStep(session, timeMs, rules);
      if (step === 'join' && session) {
        session.lastSeenMs = Math.max(session.lastSeenMs, timeMs);
        session.firstSeenMs = Math.min(session.firstSeenMs, timeMs);
      } else {
        session = { firstSeenMs: timeMs, lastSeenMs: timeMs, partStartMs: timeMs, label: `s${next++}` };
        if (step !== 'alone') open.set(key, session);
      }
      sessions[index] = session.label;
    }
  });
  return { sessions, timing };
}

function reportComparison(log: Logger, title: string, comparison: SessionComparison): void {
  const sessions = `${formatCount(comparison.expectedSessions)} vs ${formatCount(comparison.actualSessions)} sessions`;
  if (comparison.misplacedRequests === 0) return void log.ok(`${title}: the same sessions (${sessions})`);
  log.warn(
    `${title}: ${formatCount(comparison.misplacedRequests)} requests in ${formatCount(comparison.differingSessions)} sessions differ (${sessions}); e.g. ${comparison.examples
      .slice(0, 3)
      .map((example) => `${example.expected} -> ${example.actual.slice(0, 3).join(' + ')}`)
      .join('; ')}`,
  );
}

/** How the core's sessions, users, roles and part links compare with the generator's truth. */
function reportTruth(log: Logger, run: Run, core: CoreResult): void {
  reportComparison(log, 'core vs the generator\'s truth', compareSessions(run.truth, core.sessions));
  const coreOfTruth = new Map<string, string>();
  let wrongIdentity = 0;
  let wrongLinks = 0;
  const checked = new Set<string>();
  for (let index = 0; index < run.truth.length; index++) if (!coreOfTruth.has(run.truth[index])) coreOfTruth.set(run.truth[index], core.sessions[index]);
  for (let index = 0; index < run.truth.length; index++) {
    const session = core.sessions[index];
    if (checked.has(session)) continue;
    checked.add(session);
    const info = core.sessionInfo.get(session);
    if (info?.user !== run.truthUsers[index] || info?.roles.join(',') !== run.truthRoles[index]) wrongIdentity++;
    const previous = run.truthPrevious[index];
    if ((info?.previousPartId ?? null) !== (previous === null ? null : (coreOfTruth.get(previous) ?? 'missing'))) wrongLinks++;
  }
  const line = `core vs truth: ${formatCount(wrongIdentity)} of ${formatCount(checked.size)} sessions with another user or roles, ${formatCount(wrongLinks)} with another previous part`;
  if (wrongIdentity + wrongLinks === 0) log.ok(line);
  else log.warn(line);
}

type SqlResult = { window: Timing; split: Timing; longSessions: number; windowSessions: string[]; exactSessions: string[] };

/** Linux's USER_HZ: the unit of the CPU times in /proc/<pid>/stat. */
const clockTicksPerSecond = 100;

/**
 * CPU time of a PostgreSQL backend process, when the server runs on this machine; the plans used here
 * run in that one process (no parallel workers), so this is the CPU time of the query.
 */
function backendCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
  } catch {
    return null;
  }
}

async function timedInBackend<T>(pid: number, work: () => Promise<T>): Promise<{ timing: Timing; value: T }> {
  const startedCpu = backendCpuSeconds(pid);
  const startedMs = performance.now();
  const value = await work();
  const wallSeconds = (performance.now() - startedMs) / 1000;
  const endedCpu = backendCpuSeconds(pid);
  return { timing: { wallSeconds, cpuSeconds: startedCpu === null || endedCpu === null ? null : endedCpu - startedCpu }, value };
}

function* copyLines(run: Run): Generator<string> {
  const linesPerChunk = 10_000;
  for (let start = 0; start < run.ids.length; start += linesPerChunk) {
    let text = '';
    for (let index = start; index < Math.min(run.ids.length, start + linesPerChunk); index++) text += `${index}\t${run.ids[index]}\t${run.keyHashes[index]}\t${run.timesMs[index]}\n`;
    yield text;
  }
}

async function runPostgres(client: Client, run: Run, log: Logger): Promise<SqlResult> {
  const { idleTimeoutMs, maxSessionMs } = shopSessionConfig;
  const table = `bench_sessionize_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const result = `${table}_sessions`;
  const long = `${table}_long`;
  const walked = `${table}_walked`;
  const version = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  try {
    // "C" collation: the sessionizer orders ties by request id byte by byte, and so must the SQL.
    await client.query(`CREATE TABLE ${table} (seq integer NOT NULL, request_id text COLLATE "C" NOT NULL, key_hash text COLLATE "C" NOT NULL, time_ms bigint NOT NULL)`);
    const load = await timedInBackend(pid, async () => {
      await pipeline(Readable.from(copyLines(run)), client.query(copyFrom(`COPY ${table} (seq, request_id, key_hash, time_ms) FROM STDIN`)));
      await client.query(`ANALYZE ${table}`);
    });
    log.ok(`PostgreSQL ${version}: COPY of ${formatCount(run.ids.length)} rows (key hash, time ms, request id) into ${table} in ${load.timing.wallSeconds.toFixed(2)} s (not part of the comparison)`);
    // Sorts of a million rows fit in memory, as they do for the core.
    await client.query(`SET work_mem = '512MB'`);
    const window = await timedInBackend(pid, () =>
      client.query(`
        CREATE UNLOGGED TABLE ${result} AS
        WITH flagged AS (
          SELECT seq, request_id, key_hash, time_ms,
                 CASE WHEN time_ms - LAG(time_ms) OVER (PARTITION BY key_hash ORDER BY time_ms, request_id) <= ${idleTimeoutMs} THEN 0 ELSE 1 END AS starts_session
          FROM ${table}
        ), numbered AS (
          SELECT seq, request_id, key_hash, time_ms,
                 SUM(starts_session) OVER (PARTITION BY key_hash ORDER BY time_ms, request_id ROWS UNBOUNDED PRECEDING) AS session_no
          FROM flagged
        )
        SELECT seq, request_id, key_hash, time_ms, session_no,
               (time_ms - MIN(time_ms) OVER (PARTITION BY key_hash, session_no)) / ${maxSessionMs} AS part_window,
               0::bigint AS part_exact
        FROM numbered`),
    );
    // A part starts at the first request at or after the previous part's start + maxSessionMs: each
    // start depends on the one before, so the walk is recursive, and only over the sessions that are long.
    const split = await timedInBackend(pid, async () => {
      // The long sessions' requests numbered within their session, with an index for the walk's lookups.
      await client.query(`
        CREATE TEMP TABLE ${long} AS
        SELECT DENSE_RANK() OVER (ORDER BY s.key_hash, s.session_no) AS long_id,
               ROW_NUMBER() OVER (PARTITION BY s.key_hash, s.session_no ORDER BY s.time_ms, s.request_id) AS rn,
               s.seq, s.time_ms
        FROM ${result} s
        JOIN (SELECT key_hash, session_no FROM ${result} GROUP BY key_hash, session_no HAVING MAX(time_ms) - MIN(time_ms) >= ${maxSessionMs}) l
          USING (key_hash, session_no)`);
      await client.query(`CREATE INDEX ON ${long} (long_id, rn)`);
      await client.query(`ANALYZE ${long}`);
      // The planner misjudges the walk's size and would merge-join the whole table at every step: the
      // step is an index lookup per long session, so only a nested loop is allowed while walking.
      await client.query('BEGIN');
      await client.query('SET LOCAL enable_mergejoin = off');
      await client.query('SET LOCAL enable_hashjoin = off');
      await client.query(`
        CREATE TEMP TABLE ${walked} AS
        WITH RECURSIVE walk AS (
          SELECT long_id, rn, seq, time_ms AS part_start_ms, 0::bigint AS part_no FROM ${long} WHERE rn = 1
          UNION ALL
          SELECT l.long_id, l.rn, l.seq,
                 CASE WHEN l.time_ms - w.part_start_ms >= ${maxSessionMs} THEN l.time_ms ELSE w.part_start_ms END,
                 CASE WHEN l.time_ms - w.part_start_ms >= ${maxSessionMs} THEN w.part_no + 1 ELSE w.part_no END
          FROM walk w JOIN ${long} l ON l.long_id = w.long_id AND l.rn = w.rn + 1
        )
        SELECT seq, part_no FROM walk WHERE part_no > 0`);
      await client.query('COMMIT');
      await client.query(`UPDATE ${result} s SET part_exact = w.part_no FROM ${walked} w WHERE s.seq = w.seq`);
    });
    const longSessions = await client.query<{ count: string }>(`SELECT count(DISTINCT long_id) FROM ${long}`);
    const rows = await client.query<[number, string, string, string, string]>({ text: `SELECT seq, key_hash, session_no, part_window, part_exact FROM ${result}`, rowMode: 'array' });
    const windowSessions: string[] = new Array(run.ids.length);
    const exactSessions: string[] = new Array(run.ids.length);
    for (const [seq, keyHash, sessionNo, partWindow, partExact] of rows.rows) {
      windowSessions[seq] = `${keyHash}:${sessionNo}:${partWindow}`;
      exactSessions[seq] = `${keyHash}:${sessionNo}:${partExact}`;
    }
    return { window: window.timing, split: split.timing, longSessions: Number(longSessions.rows[0].count), windowSessions, exactSessions };
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.query(`DROP TABLE IF EXISTS ${walked}`);
    await client.query(`DROP TABLE IF EXISTS ${long}`);
    await client.query(`DROP TABLE IF EXISTS ${result}`);
    await client.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

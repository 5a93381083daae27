import { Command } from 'commander';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from './cli-context';
import { registerGenerateCommand, wholeNumberOption } from './generate.command';

const quietLog = { step: () => undefined, info: () => undefined, ok: () => undefined, warn: () => undefined, error: () => undefined, result: () => undefined };

async function generate(dir: string, name: string, ...args: string[]): Promise<{ records: string; truth: string }> {
  const program = new Command().exitOverride();
  registerGenerateCommand(program, () => ({ log: quietLog, interactive: false }) as unknown as CliContext);
  const out = join(dir, `${name}.ndjson`);
  const truth = join(dir, `${name}.truth.jsonl`);
  await program.parseAsync(['node', 'sessionscope', 'generate', '--out', out, '--truth', truth, ...args]);
  return { records: readFileSync(out, 'utf8'), truth: readFileSync(truth, 'utf8') };
}

describe('sessionscope generate', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'generate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the same files for the same seed: one record and one truth line per request, ids alike', async () => {
    // when
    const first = await generate(dir, 'a', '--requests', '500', '--seed', '3');
    const second = await generate(dir, 'b', '--requests', '500', '--seed', '3');
    // then
    expect(second).toEqual(first);
    const records = first.records.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string });
    const truth = first.truth.trimEnd().split('\n').map((line) => JSON.parse(line) as { id: string; session: string });
    expect(records).toHaveLength(500);
    expect(truth.map((entry) => entry.id)).toEqual(records.map((record) => record.id));
  });

  it('shuffles the arrival order on request', async () => {
    const ordered = await generate(dir, 'a', '--requests', '500', '--seed', '3');
    const shuffled = await generate(dir, 'b', '--requests', '500', '--seed', '3', '--shuffle-lateness-ms', '120000');
    expect(shuffled.records).not.toBe(ordered.records);
    expect(shuffled.records.split('\n').sort()).toEqual(ordered.records.split('\n').sort());
  });
});

describe('wholeNumberOption', () => {
  it('reads a whole number and names the option when it is not one', () => {
    expect(wholeNumberOption('requests', '1000', 0)).toBe(1000);
    expect(() => wholeNumberOption('requests', '1e3', 0)).toThrow('--requests must be a whole number >= 0, got "1e3"');
    expect(() => wholeNumberOption('partitions', '0', 1)).toThrow('--partitions must be a whole number >= 1');
  });
});

describe('sessionscope generate --start', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'generate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the traffic at the time given, and refuses what is not a time', async () => {
    const { records } = await generate(dir, 'a', '--requests', '50', '--start', '2025-03-01T00:00:00Z');
    const times = records.trimEnd().split('\n').map((line) => Date.parse((JSON.parse(line) as { timestamp: string }).timestamp));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2025-03-01T00:00:00Z'));
    expect(Math.max(...times)).toBeLessThan(Date.parse('2025-03-05T00:00:00Z'));
    await expect(generate(dir, 'b', '--start', 'yesterday')).rejects.toThrow('--start must be an ISO 8601 time');
  });
});

describe('sessionscope generate refusing what it cannot do', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'generate-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given --requests 0, then it refuses, naming the option, instead of summarising nothing', async () => {
    await expect(generate(dir, 'a', '--requests', '0')).rejects.toThrow('--requests must be a whole number >= 1, got "0"');
  });

  it('given an --out in a missing directory or a --truth that is a directory, then it names the option and the path', async () => {
    const program = () => {
      const command = new Command().exitOverride();
      registerGenerateCommand(command, () => ({ log: quietLog, interactive: false }) as unknown as CliContext);
      return command;
    };
    const missing = join(dir, 'missing', 'out.ndjson');
    await expect(program().parseAsync(['node', 'sessionscope', 'generate', '--requests', '5', '--out', missing])).rejects.toThrow(
      `--out ${missing} cannot be written: no such directory`,
    );
    await expect(program().parseAsync(['node', 'sessionscope', 'generate', '--requests', '5', '--out', join(dir, 'out.ndjson'), '--truth', dir])).rejects.toThrow(
      `--truth ${dir} cannot be written: it is a directory`,
    );
  });
});

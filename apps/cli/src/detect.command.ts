import { once } from 'node:events';
import { InvalidArgumentError, type Command } from 'commander';
import { detect, type Paranoia } from '@sessionscope/detection';
import { describeError } from '@sessionscope/shared/errors';
import type { CliContext } from './cli-context';
import { detectableOfRecordLine, readInputLines } from './detection-input';
import { openTrafficFile } from './traffic-file';

/** Longer lines are reported as errors without being held in memory. */
const maxLineBytes = 16 * 1024 * 1024;
/** Output is written in pieces of about this size, waiting for stdout to drain in between. */
const flushChars = 64 * 1024;

export function parseParanoia(value: string): Paranoia {
  const parsed = Number(value);
  if (parsed !== 1 && parsed !== 2 && parsed !== 3 && parsed !== 4) throw new InvalidArgumentError('a paranoia level is 1, 2, 3 or 4');
  return parsed;
}

export type DetectCounts = { records: number; withHits: number; errors: number };

/**
 * The closing line of a run on stderr, and whether the run failed: no line at all a request record
 * means the wrong file or format, an error; some unreadable lines are a warning.
 */
export function detectOutcome(counts: DetectCounts, paranoia: Paranoia): { level: 'ok' | 'warn' | 'error'; message: string; failed: boolean } {
  const message = `${counts.records} records checked at paranoia ${paranoia}: ${counts.withHits} with hits; ${counts.errors} lines not read`;
  if (counts.records === 0 && counts.errors > 0) return { level: 'error', message: `${message} (no line is a request record)`, failed: true };
  return { level: counts.errors > 0 ? 'warn' : 'ok', message, failed: false };
}

export function registerDetectCommand(program: Command, context: () => CliContext): void {
  program
    .command('detect')
    .description('find attacks in NDJSON request records: one JSON line per record on stdout, {"line": n, "hits": [...]}, in input order')
    .argument('<file>', 'NDJSON request records (docs/request-record.schema.json), gzip or not, "-" for stdin; read as a stream, so any size works')
    .option('--paranoia <n>', '1 (everyday, fewest false positives) to 4 (finds most, flags most)', parseParanoia, 1)
    .addHelpText(
      'after',
      '\nOnly method, url, requestHeaders and requestBody are needed; other fields of the record may be absent.\n' +
        'A line that is not a request record gives {"line": n, "error": "..."} and the run goes on; blank lines\n' +
        'give nothing but keep their numbers. A summary goes to stderr.\n\n' +
        'Example:\n  npx sessionscope detect traffic.ndjson --paranoia 2 | grep -v \'"hits":\\[\\]\'',
    )
    .action(async (file: string, options: { paranoia: Paranoia }) => {
      const { log } = context();
      // A file is read as import reads it: gunzipped when it is gzip (by its magic bytes).
      const input: AsyncIterable<Buffer> = file === '-' ? process.stdin : openTrafficFile(file).content;
      const counts: DetectCounts = { records: 0, withHits: 0, errors: 0 };
      let pending = '';
      let readerGone = false;
      const flush = async () => {
        if (pending === '' || readerGone) return;
        const ready = process.stdout.write(pending);
        pending = '';
        try {
          if (!ready) await once(process.stdout, 'drain');
        } catch (error) {
          // The reader stopped early (`| head`): nothing more to write, and nothing went wrong.
          if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
          readerGone = true;
        }
      };
      process.stdout.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') readerGone = true;
      });
      for await (const item of readInputLines(input, maxLineBytes)) {
        if (readerGone) break;
        const result = 'error' in item ? { line: item.line, error: item.error } : detectLine(item.line, item.text, options.paranoia);
        if ('error' in result) counts.errors++;
        else {
          counts.records++;
          if (result.hits.length > 0) counts.withHits++;
        }
        pending += `${JSON.stringify(result)}\n`;
        if (pending.length >= flushChars) await flush();
      }
      await flush();
      if (readerGone) {
        log.info(`output closed by its reader; stopped after ${counts.records + counts.errors} lines`);
        return;
      }
      const outcome = detectOutcome(counts, options.paranoia);
      log[outcome.level](outcome.message);
      if (outcome.failed) process.exitCode = 1;
    });
}

function detectLine(line: number, text: string, paranoia: Paranoia): { line: number; hits: ReturnType<typeof detect> } | { line: number; error: string } {
  let request;
  try {
    request = detectableOfRecordLine(text);
  } catch (error) {
    return { line, error: (error as Error).message };
  }
  try {
    return { line, hits: detect(request, { paranoia }) };
  } catch (error) {
    // An engine bug on one record must not cost the others their results.
    return { line, error: `detection failed: ${describeError(error)}` };
  }
}

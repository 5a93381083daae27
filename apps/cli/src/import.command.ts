import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultPorts } from '@sessionscope/shared/config';
import type { CliContext } from './cli-context';
import { importTraffic, printImportSummary, type ImportOptions } from './import-traffic';

/** What the command line sets; the rest of ImportOptions comes from the context. */
type ImportCommandOptions = Omit<ImportOptions, 'file' | 'log' | 'progressStream' | 'interactive'>;

export const defaultIngestionUrl = `http://127.0.0.1:${defaultPorts.ingestion}`;

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive whole number is expected');
  return parsed;
}

export function registerImportCommand(program: Command, context: () => CliContext): void {
  program
    .command('import')
    .description('send a traffic file (NDJSON request records or an access log) to ingestion, in chunks, with progress and a summary')
    .argument('<file>', 'the traffic file; read as a stream, so any size works')
    .addOption(
      new Option('--format <format>', 'how the file is written; auto: a first line starting with { means ndjson, else combined')
        .choices(['auto', 'ndjson', 'combined', 'common'])
        .default('auto'),
    )
    .option('--application <name>', 'the application the traffic belongs to (default: ingestion decides, "default")')
    .option('--host <host>', 'the API host, for access-log lines that carry none')
    .option('--ingestion-url <url>', 'where ingestion listens', defaultIngestionUrl)
    .option('--chunk-lines <n>', 'lines per request', parsePositiveInteger, 5000)
    .option('--errors-file <path>', 'write every rejected line as one JSON object a line ({line, field, message})')
    .addHelpText(
      'after',
      '\nEach chunk carries lineOffset (so errors name file lines) and sourceId (sha256 of the file, so importing\n' +
        'twice stores once). 503 and connection errors are retried with backoff, honouring Retry-After.\n\n' +
        'Example:\n  npx sessionscope import ../shared/datasets/access-logs/apache_logs.log --application shop --host shop.example.com',
    )
    .action(async (file: string, options: ImportCommandOptions) => {
      const ctx = context();
      ctx.log.step(`Importing ${file} into ${options.ingestionUrl}`);
      const summary = await importTraffic({
        file: path.resolve(file),
        format: options.format,
        application: options.application,
        host: options.host,
        ingestionUrl: options.ingestionUrl,
        chunkLines: options.chunkLines,
        errorsFile: options.errorsFile ? path.resolve(options.errorsFile) : undefined,
        log: ctx.log,
        progressStream: process.stderr,
        interactive: ctx.interactive,
      });
      printImportSummary({ ...summary, file }, ctx.log);
      // Every line refused means the file or the options were wrong; a partly refused file is still an import.
      if (summary.accepted === 0 && summary.rejected > 0) process.exitCode = 1;
    });
}

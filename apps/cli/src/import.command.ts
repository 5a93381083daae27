import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultPorts } from '@sessionscope/shared/config';
import type { CliContext } from './cli-context';
import { importTraffic, printImportSummary, type ImportOptions } from './import-traffic';
import { ImportError } from './ingestion-client';
import { importFormats } from './traffic-file';

/** What the command line sets; the rest of ImportOptions comes from the context. */
type ImportCommandOptions = Omit<ImportOptions, 'file' | 'log' | 'progressStream' | 'interactive'>;

export const defaultIngestionUrl = `http://127.0.0.1:${defaultPorts.ingestion}`;

export function parsePositiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a positive whole number is expected');
  return parsed;
}

/** An http(s) URL from an option, or an error commander shows beside the option's name. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('not a URL (e.g. http://127.0.0.1:8081)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError(`not an http(s) URL (${url.protocol} given)`);
  return value;
}

/** The error of one file among several, naming it unless the message already does. */
export function fileErrorMessage(file: string, resolvedFile: string, message: string): string {
  return message.includes(resolvedFile) || message.includes(file) ? message : `${file}: ${message}`;
}

export function registerImportCommand(program: Command, context: () => CliContext): void {
  program
    .command('import')
    .description('send a traffic file (NDJSON request records, access logs, nginx JSON logs, HAR, OTLP traces; gzip or not) to ingestion, in chunks, with progress and a summary')
    .argument(
      '<files...>',
      'traffic files, imported one after the other; line formats are streamed, so any size works; HAR documents up to 128 MiB; ' +
        'OTLP documents are sent whole, so up to ingestion\'s MAX_BODY_BYTES (64 MiB by default)',
    )
    .addOption(
      new Option('--format <format>', 'how the file is written; auto: detected from its name (.har, .pb) or its first 64 KiB (after gunzip)')
        .choices(['auto', ...importFormats])
        .default('auto'),
    )
    .option('--application <name>', 'the application of records that name none (a record\'s own "application" field wins; default: "default")')
    .option('--host <host>', 'the API host, for access-log lines that carry none')
    .option('--nginx-fields <json>', 'nginx JSON field names where they differ from the usual ones, e.g. \'{"timestamp":"ts","duration":"upstream_ms","durationUnit":"ms"}\'')
    .option('--ingestion-url <url>', 'where ingestion listens', parseHttpUrl, defaultIngestionUrl)
    .option('--chunk-lines <n>', 'lines (or HAR entries) per request', parsePositiveInteger, 5000)
    .option('--errors-file <path>', 'write every rejected line as one JSON object a line ({line, field, message})')
    .addHelpText(
      'after',
      '\nEach chunk carries lineOffset (so errors name file lines, or HAR entry indexes) and sourceId: for line formats\n' +
        '(ndjson, combined, common, nginx-json) the sha256 of the file\'s first 64 KiB, so importing a log again, or after it\n' +
        'grew, stores each line once; for HAR and OTLP the sha256 of the whole file, so importing twice stores once (OTLP\n' +
        'spans are named by their trace and span ids). 503 and connection errors are retried with backoff, honouring\n' +
        'Retry-After. Gzip files are read as they are (by their magic bytes).\n' +
        'Detection: the name (.har, .pb), else the content: OTLP/protobuf (binary), OTLP/JSON (resourceSpans), HAR (log.entries),\n' +
        'nginx JSON (remote_addr, time_local...), NDJSON (other JSON objects), common or combined access logs.\n\n' +
        'Example:\n  npx sessionscope import ../shared/datasets/access-logs/apache_logs.log --application shop --host shop.example.com',
    )
    .action(async (files: string[], options: ImportCommandOptions) => {
      const ctx = context();
      for (const file of files) {
        ctx.log.step(`Importing ${file} into ${options.ingestionUrl}`);
        const summary = await importTraffic({
          file: path.resolve(file),
          format: options.format,
          application: options.application,
          host: options.host,
          nginxFields: options.nginxFields,
          ingestionUrl: options.ingestionUrl,
          ingestToken: ctx.config.SESSIONSCOPE_INGEST_TOKEN,
          chunkLines: options.chunkLines,
          errorsFile: options.errorsFile ? path.resolve(files.length > 1 ? `${options.errorsFile}.${path.basename(file)}` : options.errorsFile) : undefined,
          log: ctx.log,
          progressStream: process.stderr,
          interactive: ctx.interactive,
        }).catch((error: unknown) => {
          // One file refused (not a traffic file, not JSON...) does not stop the others; it is said, and the exit code says it too.
          if (!(error instanceof ImportError) || files.length === 1) throw error;
          ctx.log.error(fileErrorMessage(file, path.resolve(file), error.message));
          process.exitCode = 1;
          return null;
        });
        if (summary === null) continue;
        printImportSummary({ ...summary, file }, ctx.log);
        // Every item refused means the file or the options were wrong; a partly refused file is still an import.
        if (summary.accepted === 0 && summary.rejected > 0) process.exitCode = 1;
      }
    });
}

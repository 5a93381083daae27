import type { Command } from 'commander';
import { requestRecordJsonSchema } from '@sessionscope/contracts';
import type { CliContext } from './cli-context';
import { writeOutputFile } from './output-file';

export function registerSchemaCommand(program: Command, context: () => CliContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of the request record that POST /v1/traffic takes as NDJSON')
    .option('--out <file>', 'write it to a file instead (the repo keeps it in docs/request-record.schema.json)')
    .action((options: { out?: string }) => {
      const text = `${JSON.stringify(requestRecordJsonSchema(), null, 2)}\n`;
      if (!options.out) return void process.stdout.write(text);
      writeOutputFile('--out', options.out, text);
      context().log.ok(`wrote ${options.out}`);
    });
}

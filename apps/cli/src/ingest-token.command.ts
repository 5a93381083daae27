import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from './cli-context';
import { hashIngestToken, tenantNamePattern } from '@sessionscope/shared/config';
import { newIngestToken, withTokenHash } from './ingest-token';

function tenantName(value: string): string {
  if (!tenantNamePattern.test(value)) throw new InvalidArgumentError('a tenant is 1 to 63 lower-case letters, digits, _ and -');
  return value;
}

export function registerIngestTokenCommand(program: Command, context: () => CliContext): void {
  const command = program
    .command('ingest-token')
    .description('create ingest tokens and the SHA-256 hashes that ingestion\'s INGEST_TOKENS lists')
    .addHelpText(
      'after',
      '\nIngestion keeps only hashes: the token is printed once, here, and stored nowhere.\n' +
        'Rotation: add the new hash beside the old one (--add-to), restart ingestion, move the senders, then drop the old hash.',
    );
  command
    .command('create')
    .description('print a new random token for a tenant, its hash, and INGEST_TOKENS with it added')
    .requiredOption('--tenant <name>', 'the tenant whose traffic the token sends', tenantName)
    .option('--add-to <json>', 'the current INGEST_TOKENS, kept with the new hash added')
    .action((options: { tenant: string; addTo?: string }) => {
      const { log } = context();
      // Everything is computed (and --add-to checked) before anything is printed.
      const token = newIngestToken();
      const hash = hashIngestToken(token);
      const ingestTokens = withTokenHash(options.addTo, options.tenant, hash);
      log.result(`token          ${token}`);
      log.result(`sha256         ${hash}`);
      log.result(`INGEST_TOKENS='${ingestTokens}'`);
      log.info('give the token to the sender (Authorization: Bearer <token>, or SESSIONSCOPE_INGEST_TOKEN for this CLI); it is not shown again');
    });
  command
    .command('hash <token>')
    .description('print the SHA-256 hash of a token, to find it in INGEST_TOKENS (e.g. to revoke it)')
    .action((token: string) => context().log.result(hashIngestToken(token)));
}

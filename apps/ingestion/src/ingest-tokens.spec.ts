import { AppError } from '@sessionscope/shared/errors';
import { hashIngestToken, tokenDirectory } from '@sessionscope/shared/config';
import { tenantOfAuthorization } from './ingest-tokens';

function failureOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('ingest tokens', () => {
  const directory = tokenDirectory({ acme: [hashIngestToken('acme-token-1'), hashIngestToken('acme-token-2')], globex: [hashIngestToken('globex-token')] });

  it('given a valid token of either of its tenant\'s hashes, when checked, then it names the tenant', () => {
    expect(tenantOfAuthorization('Bearer acme-token-1', directory)).toBe('acme');
    expect(tenantOfAuthorization('bearer  acme-token-2', directory)).toBe('acme');
    expect(tenantOfAuthorization('Bearer globex-token', directory)).toBe('globex');
  });

  it.each([
    [undefined, 'INGEST_TOKEN_MISSING'],
    ['', 'INGEST_TOKEN_MISSING'],
    ['Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'INGEST_TOKEN_MALFORMED'],
    ['Bearer', 'INGEST_TOKEN_MALFORMED'],
    ['Bearer acme-token-3', 'INGEST_TOKEN_INVALID'],
    ['Bearer ACME-TOKEN-1', 'INGEST_TOKEN_INVALID'],
  ])('given Authorization %p, when checked, then it is refused as unauthorized with %s, without the token in the message', (header, code) => {
    const error = failureOf(() => tenantOfAuthorization(header, directory));
    expect(error).toMatchObject({ kind: 'unauthorized', code });
    expect(error.message).not.toMatch(/acme-token|ACME/);
  });
});

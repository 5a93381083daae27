import { hashIngestToken } from '@sessionscope/shared/config';
import { newIngestToken, parseIngestTokens, withTokenHash } from './ingest-token';

const hashOf = (digit: string) => digit.repeat(64);

describe('ingest tokens of the CLI', () => {
  it('given random bytes, when a token is made, then it is their hex behind the ssi_ prefix', () => {
    expect(newIngestToken((bytes) => Buffer.alloc(bytes, 0xab))).toBe(`ssi_${'ab'.repeat(32)}`);
  });

  it('hashes like ingestion does: SHA-256 in hex', () => {
    expect(hashIngestToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('given the current INGEST_TOKENS, when a hash is added, then the other tenants and hashes are kept and nothing is repeated', () => {
    const current = JSON.stringify({ acme: [hashOf('a')], globex: [hashOf('b')] });
    expect(JSON.parse(withTokenHash(current, 'acme', hashOf('c')))).toEqual({ acme: [hashOf('a'), hashOf('c')], globex: [hashOf('b')] });
    expect(JSON.parse(withTokenHash(current, 'acme', hashOf('a')))).toEqual({ acme: [hashOf('a')], globex: [hashOf('b')] });
    expect(JSON.parse(withTokenHash(undefined, 'initech', hashOf('d')))).toEqual({ initech: [hashOf('d')] });
  });

  it('given an --add-to that ingestion would refuse, then it is refused naming --add-to and the bad tenant', () => {
    expect(() => parseIngestTokens('{bad')).toThrow(/^--add-to: not JSON \(.+\)$/);
    expect(() => parseIngestTokens('["a"]')).toThrow('--add-to: not a JSON object of tenant -> token hashes');
    expect(() => parseIngestTokens(JSON.stringify({ acme: ['abc'] }))).toThrow('--add-to: "acme" lists something that is not a SHA-256 hash');
    expect(() => parseIngestTokens(JSON.stringify({ acme: [hashOf('a')], Other: [1] }))).toThrow('--add-to: "Other" is not a tenant name');
    expect(() => parseIngestTokens(JSON.stringify({ acme: [] }))).toThrow('--add-to: "acme" must list token hashes');
    expect(() => parseIngestTokens(JSON.stringify({ acme: [hashOf('A')] }))).toThrow('"acme" lists something that is not a SHA-256 hash');
    expect(() => parseIngestTokens(JSON.stringify({ acme: [hashOf('a')], globex: [hashOf('a')] }))).toThrow('listed for both tenants "acme" and "globex"');
    expect(parseIngestTokens(JSON.stringify({ acme: [hashOf('a')] }))).toEqual({ acme: [hashOf('a')] });
  });
});

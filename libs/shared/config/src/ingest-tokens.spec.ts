import { hashIngestToken, tokenDirectory } from './ingest-tokens';

describe('ingest token rules', () => {
  it('given one hash listed for two tenants, when the directory is built, then it is refused', () => {
    expect(() => tokenDirectory({ a: [hashIngestToken('t')], b: [hashIngestToken('t')] })).toThrow(/both tenants "a" and "b"/);
  });

  it('given the tokens of two tenants, when the directory is built, then each hash names its tenant', () => {
    const directory = tokenDirectory({ acme: [hashIngestToken('acme-1'), hashIngestToken('acme-2')], globex: [hashIngestToken('globex-1')] });
    expect(directory.get(hashIngestToken('acme-2'))).toBe('acme');
    expect(directory.get(hashIngestToken('globex-1'))).toBe('globex');
    expect(directory.get(hashIngestToken('unknown'))).toBeUndefined();
  });

  it('hashes tokens with SHA-256, in hex, as INGEST_TOKENS lists them', () => {
    expect(hashIngestToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

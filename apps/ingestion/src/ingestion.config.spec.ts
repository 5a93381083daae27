import { ConfigError, loadConfig } from '@sessionscope/shared/config';
import { developmentSessionKeySecret } from '@sessionscope/session-keys';
import { developmentIngestTokenHash, ingestionConfigSchema } from './ingestion.config';

describe('ingestion configuration', () => {
  it('given no variables, when loaded, then the defaults apply: 127.0.0.1:8081, 64 MiB bodies, fallbacks only, the development secret', () => {
    expect(loadConfig(ingestionConfigSchema, {})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 8081,
      MAX_BODY_BYTES: 64 * 1024 * 1024,
      SESSION_KEY_CHAIN: [],
      SESSION_KEY_SECRET: developmentSessionKeySecret,
      INGEST_TOKENS: { default: [developmentIngestTokenHash] },
      APPLICATION_SETTINGS: {},
      MAX_STORED_BODY_BYTES: 16 * 1024,
    });
  });

  it('given tokens and application settings in JSON, when loaded, then they are parsed with their defaults', () => {
    const hash = 'a'.repeat(64);
    const config = loadConfig(ingestionConfigSchema, {
      INGEST_TOKENS: JSON.stringify({ acme: [hash] }),
      APPLICATION_SETTINGS: JSON.stringify({ shop: { detectionParanoia: 3, masking: { keep: ['theme'] } }, blog: { maxStoredBodyBytes: 0 } }),
    });
    expect(config.INGEST_TOKENS).toEqual({ acme: [hash] });
    expect(config.APPLICATION_SETTINGS).toEqual({ shop: { detectionParanoia: 3, masking: { mask: [], keep: ['theme'] } }, blog: { masking: { mask: [], keep: [] }, maxStoredBodyBytes: 0 } });
  });

  it('given a token in clear instead of its hash, a bad tenant name or an unknown setting, when loaded, then each is named', () => {
    let error: unknown;
    try {
      loadConfig(ingestionConfigSchema, {
        INGEST_TOKENS: JSON.stringify({ acme: ['my-secret-token'], 'Bad Tenant': ['b'.repeat(64)] }),
        APPLICATION_SETTINGS: JSON.stringify({ shop: { detectionParanoia: 7, mask: ['x'] } }),
      });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^APPLICATION_SETTINGS\.shop\.detectionParanoia: /),
      expect.stringMatching(/^APPLICATION_SETTINGS\.shop: .*mask/),
      expect.stringMatching(/^INGEST_TOKENS\.acme\.0: a SHA-256 hash/),
      expect.stringMatching(/^INGEST_TOKENS\.Bad Tenant: a tenant is 1 to 63 lower-case letters/),
    ]);
  });

  it('given a key chain in JSON, when loaded, then it is parsed with the session configuration schema', () => {
    const config = loadConfig(ingestionConfigSchema, { SESSION_KEY_CHAIN: '[{"source":"request","in":"header","name":"authorization","jwtClaim":"sid"}]' });
    expect(config.SESSION_KEY_CHAIN).toEqual([{ source: 'request', in: 'header', name: 'authorization', jwtClaim: 'sid' }]);
  });

  it('given broken values, when loaded, then every problem is listed with its variable', () => {
    let error: unknown;
    try {
      loadConfig(ingestionConfigSchema, { SESSION_KEY_CHAIN: '[{"source":"request","in":"body"}]', SESSION_KEY_SECRET: 'short', MAX_BODY_BYTES: '0' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^MAX_BODY_BYTES: /),
      'SESSION_KEY_SECRET: at least 16 characters',
      expect.stringMatching(/^SESSION_KEY_CHAIN\.0\.path: a body point needs a dotted `path`/),
    ]);
  });

  it('given a key chain that is not JSON, when loaded, then the problem says so', () => {
    expect(() => loadConfig(ingestionConfigSchema, { SESSION_KEY_CHAIN: 'cookie:sid' })).toThrow(/SESSION_KEY_CHAIN: not valid JSON/);
  });
});

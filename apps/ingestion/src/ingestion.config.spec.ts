import { ConfigError, loadConfig } from '@sessionscope/shared/config';
import { developmentSessionKeySecret, ingestionConfigSchema } from './ingestion.config';

describe('ingestion configuration', () => {
  it('given no variables, when loaded, then the defaults apply: 127.0.0.1:8081, 64 MiB bodies, fallbacks only, the development secret', () => {
    expect(loadConfig(ingestionConfigSchema, {})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 8081,
      MAX_BODY_BYTES: 64 * 1024 * 1024,
      SESSION_KEY_CHAIN: [],
      SESSION_KEY_SECRET: developmentSessionKeySecret,
    });
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
      expect.stringMatching(/^SESSION_KEY_CHAIN\.0\.path: a body point needs a dotted `path`/),
      'SESSION_KEY_SECRET: at least 16 characters',
    ]);
  });

  it('given a key chain that is not JSON, when loaded, then the problem says so', () => {
    expect(() => loadConfig(ingestionConfigSchema, { SESSION_KEY_CHAIN: 'cookie:sid' })).toThrow(/SESSION_KEY_CHAIN: not valid JSON/);
  });
});

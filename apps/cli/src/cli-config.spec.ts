import { ConfigError } from '@sessionscope/shared/config';
import { lazyCommandConfigs, loadCliConfig } from './cli-config';
import { describeConfigError } from './main';

describe('the CLI configuration', () => {
  const env = { SESSION_KEY_SECRET: 'short', OPENSEARCH_HEAP_MB: 'lots' };

  it('given settings that only some commands read are invalid, when the common configuration is read, then it does not fail on them', () => {
    expect(loadCliConfig(env).NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it('given the same settings, when a command that reads them asks, then it fails naming the variable', () => {
    const configs = lazyCommandConfigs(env);
    expect(() => configs.replay()).toThrow(/SESSION_KEY_SECRET: at least 16 characters/);
    expect(() => configs.localStack()).toThrow(/OPENSEARCH_HEAP_MB/);
    expect(lazyCommandConfigs({}).localStack().OPENSEARCH_HEAP_MB).toBe(2048);
  });

  it('says that the problem is in the environment variables', () => {
    expect(describeConfigError(new ConfigError(['SESSION_KEY_SECRET: at least 16 characters']))).toBe('invalid environment variable:\n  - SESSION_KEY_SECRET: at least 16 characters');
    expect(describeConfigError(new ConfigError(['A: x', 'B: y']))).toMatch(/^invalid environment variables:/);
  });
});

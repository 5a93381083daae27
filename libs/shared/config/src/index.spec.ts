import { z } from 'zod';
import { ConfigError, loadConfig, stackConfigShape } from './index';

describe('loadConfig', () => {
  const schema = z.object({ ...stackConfigShape, BATCH_SIZE: z.coerce.number().int().positive().default(500) });

  it('fills defaults and coerces numbers from the environment', () => {
    const config = loadConfig(schema, { BATCH_SIZE: '42' });
    expect(config.BATCH_SIZE).toBe(42);
    expect(config.NATS_URL).toBe('nats://127.0.0.1:4222');
    expect(config.SESSIONSCOPE_NAMESPACE).toBe('sessionscope');
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, { BATCH_SIZE: '-1', SESSIONSCOPE_NAMESPACE: 'Bad Name', OPENSEARCH_URL: 'not a url' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/BATCH_SIZE/);
    expect(problems).toMatch(/SESSIONSCOPE_NAMESPACE/);
    expect(problems).toMatch(/OPENSEARCH_URL/);
  });
});

import { exampleSessionConfig } from '@sessionscope/contracts';
import { parseLeniently } from './session-config-store';

describe('parseLeniently', () => {
  it('given a configuration of a newer version, when read, then the unknown fields are left out and the rest stands', () => {
    const newer = { ...exampleSessionConfig, sampling: 0.5, keyChain: [{ ...exampleSessionConfig.keyChain[0], caseSensitive: true }, ...exampleSessionConfig.keyChain.slice(1)] };
    expect(parseLeniently(newer)).toEqual(exampleSessionConfig);
  });

  it('given a configuration that is wrong, not only newer, when read, then it is still refused', () => {
    expect(() => parseLeniently({ ...exampleSessionConfig, idleTimeoutMs: 0 })).toThrow();
  });
});

import { loadConfig } from '@sessionscope/shared/config';
import { parsePartitionList, sessionizationConfigSchema } from './config';

describe('partition ownership', () => {
  it('reads "auto", "all", single partitions and ranges', () => {
    expect(parsePartitionList('all', 4)).toEqual([0, 1, 2, 3]);
    expect(parsePartitionList('auto', 4)).toBeNull();
    expect(parsePartitionList('0-2, 5', 8)).toEqual([0, 1, 2, 5]);
  });

  it('names the part that is wrong', () => {
    expect(() => parsePartitionList('0-9', 4)).toThrow('partitions 0-9 are outside 0-3');
    expect(() => parsePartitionList('two', 4)).toThrow('"two" is not a partition number or range');
  });

  it('fails the configuration with the variable name', () => {
    expect(() => loadConfig(sessionizationConfigSchema, { SESSIONIZATION_OWNED_PARTITIONS: '7', SESSIONSCOPE_PARTITIONS: '4' })).toThrow(/SESSIONIZATION_OWNED_PARTITIONS: partitions 7 are outside 0-3/);
  });
});

import { defaultPorts, httpConfigShape, stackConfigShape } from '@sessionscope/shared/config';
import { z } from 'zod';

/** "all", or a list of partition numbers and ranges such as "0-3,6". */
export function parsePartitionList(text: string, partitions: number): number[] {
  if (text.trim() === 'all') return Array.from({ length: partitions }, (_, index) => index);
  const owned = new Set<number>();
  for (const part of text.split(',').map((item) => item.trim())) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!range) throw new Error(`"${part}" is not a partition number or range`);
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first || last >= partitions) throw new Error(`partitions ${part} are outside 0-${partitions - 1}`);
    for (let partition = first; partition <= last; partition++) owned.add(partition);
  }
  return [...owned].sort((a, b) => a - b);
}

export const sessionizationConfigSchema = z
  .object({
    ...stackConfigShape,
    ...httpConfigShape(defaultPorts.sessionization),
    /** Which partitions of the request stream this instance sessionizes; each must have exactly one owner. */
    SESSIONIZATION_OWNED_PARTITIONS: z.string().default('all'),
    /** Whether this instance writes the requests and sessions of its partitions into OpenSearch. */
    SESSIONIZATION_PROJECTION: z.enum(['on', 'off']).default('on'),
    IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30 * 60 * 1000),
    MAX_SESSION_MS: z.coerce.number().int().positive().default(24 * 60 * 60 * 1000),
    ALLOWED_LATENESS_MS: z.coerce.number().int().min(0).default(10 * 60 * 1000),
    /** Messages per batch; a message packs up to 500 events (see libs/messaging wire-format.ts). */
    SESSIONIZATION_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  })
  .transform((config, context) => {
    try {
      return { ...config, ownedPartitions: parsePartitionList(config.SESSIONIZATION_OWNED_PARTITIONS, config.SESSIONSCOPE_PARTITIONS) };
    } catch (error) {
      context.addIssue({ code: 'custom', path: ['SESSIONIZATION_OWNED_PARTITIONS'], message: (error as Error).message });
      return z.NEVER;
    }
  });

export type SessionizationConfig = z.infer<typeof sessionizationConfigSchema>;

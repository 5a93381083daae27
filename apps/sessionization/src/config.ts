import { sessionizationSettingsConfigShape } from '@sessionscope/sessionization/domain';
import { defaultPorts, httpConfigShape, stackConfigShape } from '@sessionscope/shared/config';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';

/** "auto" (null: leases decide), "all", or a list of partition numbers and ranges such as "0-3,6". */
export function parsePartitionList(text: string, partitions: number): number[] | null {
  if (text.trim() === 'auto') return null;
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
    /**
     * Which partitions of the request stream this instance sessionizes. `auto` (the default): the running
     * instances share them through leases and take over those of an instance that stops or dies. A fixed
     * list ("all", "0-3,6") is for deployments that assign partitions themselves; then each partition must
     * have exactly one owner.
     */
    SESSIONIZATION_OWNED_PARTITIONS: z.string().default('auto'),
    /** This instance's name among the sessionization instances; unique per process by default. */
    SESSIONIZATION_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (1 to 64)')
      .default(() => `${hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`),
    /** An instance that stops renewing its leases for this long loses its partitions to the others. */
    PARTITION_LEASE_MS: z.coerce.number().int().min(1000).max(10 * 60 * 1000).default(10_000),
    /** Whether this instance writes the requests and sessions of its partitions into OpenSearch. */
    SESSIONIZATION_PROJECTION: z.enum(['on', 'off']).default('on'),
    ...sessionizationSettingsConfigShape,
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

import { z } from 'zod';

/**
 * The one envelope every event travels in. `id` doubles as the JetStream message id, so a retried
 * publish of the same event is stored once. `version` is the version of `data`'s schema for `type`.
 */
export const envelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: false }),
  tenant: z.string().min(1),
  correlationId: z.string().min(1),
  data: z.unknown(),
});

export type Envelope<TType extends string = string, TData = unknown> = {
  id: string;
  type: TType;
  version: number;
  occurredAt: string;
  tenant: string;
  correlationId: string;
  data: TData;
};

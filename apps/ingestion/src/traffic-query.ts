import { requestRecordSchema } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';
import { z } from 'zod';

/** Query parameters of POST /v1/traffic; the format is checked with the Content-Type, by the domain. */
const trafficQuerySchema = z.object({
  format: z.string().optional(),
  application: requestRecordSchema.shape.application,
  host: requestRecordSchema.shape.host,
  sourceId: z.string().min(1).max(200).optional(),
  lineOffset: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  /** Field names of nginx JSON lines, as JSON (see parseNginxJsonMapping of the domain). */
  nginxFields: z.string().max(4096).optional(),
});

export type TrafficQuery = z.infer<typeof trafficQuerySchema>;

export function parseTrafficQuery(query: unknown): TrafficQuery {
  const parsed = trafficQuerySchema.safeParse(query);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message }));
  throw new AppError('invalid', 'INVALID_QUERY', `invalid query: ${details.map(({ field, message }) => `${field}: ${message}`).join('; ')}`, { details });
}

import { z } from 'zod';
import { attackTypeSchema } from './hit';

/** A session's state as its events carry it: each session event holds the whole snapshot. */
export const sessionSnapshotSchema = z.object({
  sessionId: z.string().min(1),
  revision: z.number().int().positive(),
  tenant: z.string(),
  application: z.string(),
  keyPoint: z.string(),
  status: z.enum(['open', 'closed']),
  closeReason: z.enum(['idle', 'max-length']).nullable(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  requestCount: z.number().int().nonnegative(),
  clientIps: z.array(z.string()),
  userAgents: z.array(z.string()),
  hosts: z.array(z.string()),
  user: z.string().nullable(),
  previousPartId: z.string().nullable(),
  /** Roles seen in the session's requests (optional: absent before role points existed). */
  roles: z.array(z.string()).optional(),
  /** Requests of the session with at least one hit, and their attack types (optional: absent before detection). */
  attackCount: z.number().int().nonnegative().optional(),
  attackTypes: z.array(attackTypeSchema).optional(),
});

export type SessionSnapshot = z.infer<typeof sessionSnapshotSchema>;

import { z } from 'zod';

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
});

export type SessionSnapshot = z.infer<typeof sessionSnapshotSchema>;

import { z } from 'zod';

/**
 * The key that decided which session a request belongs to. `point` names where it was read
 * (`cookie:PHPSESSID`, `header:authorization#sub`, `ip+user-agent`, `ip`); `hash` is a keyed hash of the
 * value, never the value itself.
 */
export const sessionKeySchema = z.object({
  point: z.string().min(1),
  hash: z.string().min(1),
});

export type SessionKey = z.infer<typeof sessionKeySchema>;

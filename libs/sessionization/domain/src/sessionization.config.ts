import { z } from 'zod';
import { defaultSessionizationSettings } from './sessionizer';

const defaults = defaultSessionizationSettings();

/** The environment of whoever sessionizes (the service, and `sessionscope replay`, which must decide alike). */
export const sessionizationSettingsConfigShape = {
  /** Idle gap and maximum length of applications without a session configuration. */
  IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(defaults.idleTimeoutMs),
  MAX_SESSION_MS: z.coerce.number().int().positive().default(defaults.maxSessionMs),
  ALLOWED_LATENESS_MS: z.coerce.number().int().min(0).default(defaults.allowedLatenessMs),
  /** The longest a request waits in the reorder buffer for later traffic, in processing time. */
  MAX_HOLD_MS: z.coerce.number().int().min(0).max(10 * 60 * 1000).default(defaults.maxHoldMs),
};

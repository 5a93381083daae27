import { keyChainSchema } from '@sessionscope/contracts';
import { z } from 'zod';

/**
 * The development secret of session key hashes. Every real deployment must set SESSION_KEY_SECRET to
 * its own random value (at least 16 characters): whoever knows the secret can test guessed session
 * values against stored hashes. Apps log a warning at start while this one is in use.
 */
export const developmentSessionKeySecret = 'sessionscope-development-secret-change-me';

const jsonKeyChain = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not valid JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
});

/**
 * The environment of whoever keys requests to sessions (ingestion, and `sessionscope replay`, which
 * must key stored traffic exactly as ingestion does).
 */
export const sessionKeyConfigShape = {
  SESSION_KEY_SECRET: z.string().min(16, 'at least 16 characters').default(developmentSessionKeySecret),
  /** The key chain of applications without a session configuration (JSON array of points). */
  SESSION_KEY_CHAIN: jsonKeyChain.pipe(keyChainSchema).default([]),
};

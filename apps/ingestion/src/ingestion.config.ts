import { keyChainSchema } from '@sessionscope/contracts';
import { defaultPorts, httpConfigShape, stackConfigShape } from '@sessionscope/shared/config';
import { z } from 'zod';

/**
 * The development secret of session key hashes. Every real deployment must set SESSION_KEY_SECRET to
 * its own random value (at least 16 characters): whoever knows the secret can test guessed session
 * values against stored hashes. The app logs a warning at start while this one is in use.
 */
export const developmentSessionKeySecret = 'sessionscope-development-secret-change-me';

const mebibyte = 1024 * 1024;

const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not valid JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
});

/** The ingestion service's configuration, from environment variables (see loadConfig for precedence). */
export const ingestionConfigSchema = z.object({
  ...stackConfigShape,
  ...httpConfigShape(defaultPorts.ingestion),
  /** Largest accepted request body; a bigger one is refused whole with 413. */
  MAX_BODY_BYTES: z.coerce.number().int().positive().default(64 * mebibyte),
  /**
   * Longest accepted line. The event of a line is about as big as the line, and NATS refuses
   * messages over its max_payload (1 MiB by default), so the limit stays well under it.
   */
  MAX_LINE_BYTES: z.coerce.number().int().min(1024).max(900 * 1024).default(512 * 1024),
  /** Events published before their acknowledgements are awaited, so a large body is stored chunk by chunk. */
  PUBLISH_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(2000),
  /** What a 503 asks a sender to wait before retrying. */
  RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /** Key chain of every application, a JSON array of points; empty means the built-in fallbacks only. */
  SESSION_KEY_CHAIN: jsonText.pipe(keyChainSchema).default([]),
  /** Attack detection paranoia level, 1 (everyday, fewest false positives) to 4. */
  DETECTION_PARANOIA: z.coerce.number().int().min(1).max(4).default(1).transform((level) => level as 1 | 2 | 3 | 4),
  SESSION_KEY_SECRET: z.string().min(16, 'at least 16 characters').default(developmentSessionKeySecret),
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;

/** Nest injection token of the parsed configuration. */
export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');

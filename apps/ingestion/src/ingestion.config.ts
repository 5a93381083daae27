import { defaultMaxBodyBytes } from '@sessionscope/ingestion/domain';
import { sessionKeyConfigShape } from '@sessionscope/session-keys';
import { defaultPorts, defaultTenant, developmentIngestToken, hashIngestToken, httpConfigShape, stackConfigShape, tenantNamePattern, tokenHashPattern } from '@sessionscope/shared/config';
import { z } from 'zod';

const mebibyte = 1024 * 1024;

const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not valid JSON: ${(error as Error).message}` });
    return z.NEVER;
  }
});

const paranoiaSchema = z.coerce.number().int().min(1).max(4).transform((level) => level as 1 | 2 | 3 | 4);

const tokenHashSchema = z.string().regex(tokenHashPattern, 'a SHA-256 hash of a token, 64 lower-case hex digits');

/** The SHA-256 of the development token, hex: what INGEST_TOKENS holds by default. */
export const developmentIngestTokenHash = hashIngestToken(developmentIngestToken);

/** How one application's traffic is handled; every field falls back to the service-wide setting. */
export const applicationSettingsSchema = z.strictObject({
  /** Attack detection paranoia of the application, 1 to 4 (else DETECTION_PARANOIA). */
  detectionParanoia: paranoiaSchema.optional(),
  masking: z
    .strictObject({
      /** More names of headers, cookies, query parameters and body fields whose values are masked. */
      mask: z.array(z.string().min(1).max(200)).default([]),
      /** Names whose values are kept although they look secret (wins over every masking rule). */
      keep: z.array(z.string().min(1).max(200)).default([]),
    })
    .default({ mask: [], keep: [] }),
  /** Longest stored body of the application in bytes (else MAX_STORED_BODY_BYTES). */
  maxStoredBodyBytes: z.number().int().min(0).optional(),
});

export type ApplicationSettings = z.infer<typeof applicationSettingsSchema>;

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
  /** Attack detection paranoia level, 1 (everyday, fewest false positives) to 4, of applications without their own. */
  DETECTION_PARANOIA: paranoiaSchema.default(1),
  /**
   * Per application: `{"shop": {"detectionParanoia": 2, "masking": {"mask": ["x-customer-ref"], "keep": ["theme"]},
   * "maxStoredBodyBytes": 65536}}`. A key `<tenant>/<application>` is for one tenant's application and wins
   * over the key of the application alone, which is for every tenant. Applications not named use the
   * service-wide settings.
   */
  APPLICATION_SETTINGS: jsonText.pipe(z.record(z.string().min(1).max(100), applicationSettingsSchema)).default({}),
  /** Longest request or response body stored, in bytes; a longer one is cut, its original size kept. */
  MAX_STORED_BODY_BYTES: z.coerce.number().int().min(0).default(defaultMaxBodyBytes),
  /**
   * Who may send traffic: `{"<tenant>": ["<sha256 hex of a token>", ...]}`. A request carries the token as
   * `Authorization: Bearer <token>`; its tenant goes into every record. Several hashes per tenant allow
   * a rotation without downtime. Default: tenant `default` with the development token (a warning is logged).
   */
  INGEST_TOKENS: jsonText
    .pipe(
      z.record(z.string(), z.array(tokenHashSchema).min(1)).superRefine((tokens, ctx) => {
        for (const tenant of Object.keys(tokens)) {
          if (!tenantNamePattern.test(tenant)) ctx.addIssue({ code: 'custom', path: [tenant], message: 'a tenant is 1 to 63 lower-case letters, digits, _ and -' });
        }
      }),
    )
    .default({ [defaultTenant]: [developmentIngestTokenHash] }),
  /**
   * How long a stored record id is remembered (Redis), so that the record sent again is not stored again.
   * About 100 bytes of Redis memory per record over the window.
   */
  DEDUP_WINDOW_SECONDS: z.coerce.number().int().min(60).default(7 * 24 * 60 * 60),
  ...sessionKeyConfigShape,
});

export type IngestionConfig = z.infer<typeof ingestionConfigSchema>;

/** Nest injection token of the parsed configuration. */
export const INGESTION_CONFIG = Symbol('INGESTION_CONFIG');

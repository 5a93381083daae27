import { z } from 'zod';

/** The attack types of PRODUCT.md ("Hit"); the detection engine and every consumer share this list. */
export const attackTypes = ['sqli', 'xss', 'rce', 'path-traversal', 'rfi', 'ssrf', 'ssti', 'xxe', 'nosqli', 'ldapi', 'crlf', 'java', 'php', 'scanner'] as const;

export const attackTypeSchema = z.enum(attackTypes);
export type AttackType = z.infer<typeof attackTypeSchema>;

/** One attack payload of one type at one point of a request. */
export const hitSchema = z.object({
  type: attackTypeSchema,
  /** Where: `path`, `query.id`, `body.user.name`, `header.user-agent`, `cookie.sid`, `body` (raw). */
  point: z.string(),
  /** The excerpt that matched (at most 200 characters), as text: never to be rendered. */
  payload: z.string().max(200),
  /** Confidence 0 to 1. */
  score: z.number().min(0).max(1),
  /** Which detector and which of its shapes, e.g. `sqli/tautology`. */
  detector: z.string(),
});

export type Hit = z.infer<typeof hitSchema>;

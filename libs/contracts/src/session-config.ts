import { z } from 'zod';

/**
 * The session configuration of one application (`GET`/`PUT /api/v1/applications/{application}/session-config`).
 * The key chain is read in order: the first point present in a request gives its session key; when no
 * point is present, the built-in fallbacks apply (common session cookies, then IP + User-Agent, then IP).
 */

// RFC 9110 `token`: the characters a header or cookie name may contain.
const tokenCharacters = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const sessionPointSources = ['request', 'response'] as const;
export const sessionPointLocations = ['header', 'cookie', 'query', 'body'] as const;

export const sessionKeyPointSchema = z
  .strictObject({
    source: z.enum(sessionPointSources).describe('Whether the value is read from the request or from its response.'),
    in: z.enum(sessionPointLocations).describe('Where in the request or response the value is.'),
    name: z.string().min(1).max(200).optional().describe('Header, cookie or query parameter name; header names are case-insensitive.'),
    path: z.string().min(1).max(200).optional().describe('Dotted path into a JSON body (`data.token`, `items.0.id`); only with `in: body`.'),
    jwtClaim: z.string().min(1).max(200).optional().describe('Reads this claim of a JWT found at the point (a `Bearer ` prefix is allowed).'),
  })
  .superRefine((point, ctx) => {
    if (point.in === 'body') {
      if (point.path === undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: 'a body point needs a dotted `path` into the JSON body' });
      else if (point.path.split('.').some((segment) => segment.trim() === '')) {
        ctx.addIssue({ code: 'custom', path: ['path'], message: `"${point.path}" has an empty segment; use a dotted path such as data.token` });
      }
      if (point.name !== undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: 'a body point is addressed by `path`, not `name`' });
      return;
    }
    if (point.name === undefined) ctx.addIssue({ code: 'custom', path: ['name'], message: `a ${point.in} point needs a \`name\`` });
    else if (point.in !== 'query' && !tokenCharacters.test(point.name)) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: `"${point.name}" is not a valid ${point.in} name` });
    }
    if (point.path !== undefined) ctx.addIssue({ code: 'custom', path: ['path'], message: `\`path\` is only for body points, not ${point.in}` });
  })
  .describe('A point of a request or response that may carry a session key, user or role.');

export type SessionKeyPoint = z.infer<typeof sessionKeyPointSchema>;

function samePoint(a: SessionKeyPoint, b: SessionKeyPoint): boolean {
  const nameOf = (point: SessionKeyPoint) => (point.in === 'header' ? point.name?.toLowerCase() : point.name);
  return a.source === b.source && a.in === b.in && nameOf(a) === nameOf(b) && a.path === b.path && a.jwtClaim === b.jwtClaim;
}

/**
 * An ordered key chain; may be empty (fallbacks only) where a deployment-wide default is meant.
 * The configuration of an application requires at least one point: see sessionConfigSchema.
 */
export const keyChainSchema = z
  .array(sessionKeyPointSchema)
  .max(20)
  .superRefine((chain, ctx) => {
    chain.forEach((point, index) => {
      const first = chain.findIndex((other) => samePoint(other, point));
      if (first < index) ctx.addIssue({ code: 'custom', path: [index], message: `repeats point ${first} of the chain` });
    });
  });

const minuteMs = 60_000;
const dayMs = 24 * 60 * minuteMs;

export const sessionConfigSchema = z
  .strictObject({
    keyChain: keyChainSchema.min(1, 'the key chain needs at least one point (the built-in fallbacks always follow it)'),
    user: sessionKeyPointSchema.nullable().default(null).describe('Point whose value is the session\'s User.'),
    roles: sessionKeyPointSchema.nullable().default(null).describe('Point whose value gives the session\'s Roles.'),
    idleTimeoutMs: z
      .number()
      .int('a whole number of milliseconds')
      .min(1000, 'an idle gap must be at least 1000 ms')
      .max(dayMs, `an idle gap is at most ${dayMs} ms (24 h)`)
      .default(30 * minuteMs)
      .describe('A session ends after this long without a request.'),
    maxSessionMs: z
      .number()
      .int('a whole number of milliseconds')
      .min(minuteMs, `a session may last no less than ${minuteMs} ms (1 min)`)
      .max(30 * dayMs, `a session may last at most ${30 * dayMs} ms (30 days)`)
      .default(dayMs)
      .describe('A session longer than this continues in a new part linked to the previous one.'),
  })
  .superRefine((config, ctx) => {
    if (config.maxSessionMs < config.idleTimeoutMs) {
      ctx.addIssue({ code: 'custom', path: ['maxSessionMs'], message: `must be at least idleTimeoutMs (${config.idleTimeoutMs} ms)` });
    }
  })
  .describe('Session configuration of an application');

export type SessionConfig = z.infer<typeof sessionConfigSchema>;

/** The example of the product definition (PRODUCT.md), for documentation and tests. */
export const exampleSessionConfig: SessionConfig = {
  keyChain: [
    { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'sid' },
    { source: 'response', in: 'body', path: 'token' },
    { source: 'request', in: 'query', name: 'token' },
    { source: 'request', in: 'cookie', name: 'session' },
  ],
  user: { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'sub' },
  roles: { source: 'request', in: 'header', name: 'authorization', jwtClaim: 'role' },
  idleTimeoutMs: 1800000,
  maxSessionMs: 86400000,
};

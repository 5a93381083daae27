/**
 * The vocabulary of attack detection (PRODUCT.md, "Hit"): a hit is one attack payload of one type at
 * one point of a request. A request with two attack types gives two hits. The attack types and the hit
 * shape are part of the events, so they are defined in the contracts.
 */
export { attackTypes } from '@sessionscope/contracts';
export type { AttackType, Hit } from '@sessionscope/contracts';
import type { AttackType, Hit } from '@sessionscope/contracts';

/** The paranoia levels, lowest first: what a configuration schema should accept (`z.union(paranoiaLevels.map(z.literal))`). */
export const paranoiaLevels = [1, 2, 3, 4] as const;

/** 1 (default, everyday) to 4: higher levels find more and flag more benign traffic. */
export type Paranoia = (typeof paranoiaLevels)[number];

/** What detection reads of a request: the fields of an observed request it needs. */
export type DetectableRequest = {
  method: string;
  path: string;
  /** Raw query string without `?`. */
  query: string;
  /** Lower-case header names. */
  requestHeaders: Record<string, string>;
  requestBody: string | null;
};

/** One value of a request, decoded the way applications decode it, at its point. */
export type InspectedValue = {
  point: string;
  /** The value after URL (also double), HTML entity, unicode escape and, where plain, base64 decoding. */
  value: string;
  /** The value as it came, before decoding. */
  raw: string;
};

export type DetectionOptions = { paranoia: Paranoia };

/**
 * Paranoia per application: `byApplication` names the applications with their own level, the others
 * get `paranoia`. `detectionOptionsFor` turns it into the options of one request's `detect` call.
 */
export type ParanoiaSettings = { paranoia: Paranoia; byApplication?: Readonly<Record<string, Paranoia>> };

/**
 * A detector for one attack type. `inspect` is pure and fast: it sees one decoded value and returns
 * at most one hit for it. Detectors decide themselves which points they look at (a scanner detector
 * reads `header.user-agent`; an XXE detector reads the raw `body`).
 */
export type Detector = {
  name: string;
  type: AttackType;
  inspect(value: InspectedValue, options: DetectionOptions): Hit | null;
};

const bearerPrefix = /^bearer\s+/i;
const base64UrlAlphabet = /^[A-Za-z0-9_-]*$/;

/**
 * A claim of a JWT (JWS compact form `header.payload.signature`), read without verifying the
 * signature: the claim only groups requests into sessions, it grants nothing. A `Bearer ` prefix is
 * allowed. Returns null when the value is not such a token, its payload is not a JSON object, or the
 * claim is absent or null; a claim that is not a string is returned as its JSON text, so that `42`
 * and `"42"` stay different keys.
 */
export function readJwtClaim(value: string, claim: string): string | null {
  const payload = readJwtPayload(value);
  if (payload === null || !Object.prototype.hasOwnProperty.call(payload, claim)) return null;
  return claimText(payload[claim]);
}

/** The payload of a JWT as an object, or null when the value is not such a token. */
export function readJwtPayload(value: string): Record<string, unknown> | null {
  const token = value.trim().replace(bearerPrefix, '');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === '' || !base64UrlAlphabet.test(parts[1])) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(parts[1]));
  } catch {
    return null;
  }
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
}

/** A claim as key text: a string as it is, anything else as its JSON text; null and absent give null. */
export function claimText(found: unknown): string | null {
  if (found === null || found === undefined) return null;
  return typeof found === 'string' ? found : JSON.stringify(found);
}

/** One decoder for every token: making one costs more than decoding a payload. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBase64Url(text: string): string {
  return utf8.decode(Buffer.from(text, 'base64url'));
}

import type { ObservedRequest } from '@sessionscope/contracts';

/**
 * Credentials never reach storage. Runs after the session key was derived (the key chain reads the raw
 * values and keeps only their keyed hash). What stays is what an analyst needs: the auth scheme, the
 * names of the cookies, the attributes of a Set-Cookie. Configurable masking of query parameters and
 * body fields comes with the traffic formats work.
 */
export const masked = '[masked]';

const credentialHeaders = new Set(['x-api-key', 'api-key', 'apikey', 'x-auth-token', 'x-access-token', 'x-csrf-token', 'x-xsrf-token', 'x-amz-security-token']);

function maskAuthorization(value: string): string {
  const space = value.indexOf(' ');
  return space > 0 ? `${value.slice(0, space)} ${masked}` : masked;
}

function maskCookiePairs(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const equals = pair.indexOf('=');
      return equals < 0 ? pair : `${pair.slice(0, equals)}=${masked}`;
    })
    .join(';');
}

/** Set-Cookie: only the value of the cookie (before the first `;`) is secret, not its attributes. */
function maskSetCookie(value: string): string {
  const attributes = value.indexOf(';');
  const first = attributes < 0 ? value : value.slice(0, attributes);
  return maskCookiePairs(first) + (attributes < 0 ? '' : value.slice(attributes));
}

export function maskSecretHeaders(headers: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'authorization' || name === 'proxy-authorization') result[name] = maskAuthorization(value);
    else if (name === 'cookie') result[name] = maskCookiePairs(value);
    // Several Set-Cookie headers arrive joined with ", " (normaliseHeaders); mask each.
    else if (name === 'set-cookie') result[name] = value.split(/,\s*(?=[^;=,\s]+=)/).map(maskSetCookie).join(', ');
    else if (credentialHeaders.has(name)) result[name] = masked;
    else result[name] = value;
  }
  return result;
}

export function maskSecrets(request: ObservedRequest): ObservedRequest {
  return { ...request, requestHeaders: maskSecretHeaders(request.requestHeaders), responseHeaders: maskSecretHeaders(request.responseHeaders) };
}

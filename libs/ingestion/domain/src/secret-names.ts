/**
 * Whether a name (of a header, cookie, query parameter or body field) says that its value is a
 * credential. Names are split into words at separators and camelCase humps: `access_token`,
 * `accessToken` and `X-Access-Token` all read as [access, token].
 */

/** Words that name a credential on their own: `token`, `client_secret`, `pin`. */
const secretWords = new Set([
  'password',
  'passwd',
  'passphrase',
  'pass',
  'pwd',
  'secret',
  'token',
  'apikey',
  'accesskey',
  'privatekey',
  'credential',
  'credentials',
  'authorization',
  'auth',
  'bearer',
  'jwt',
  'sessionid',
  'sessid',
  'jsessionid',
  'phpsessid',
  'sid',
  'csrf',
  'xsrf',
  'otp',
  'pin',
  'cvv',
  'cvc',
  'cvv2',
  'ssn',
  'signature',
  'sig',
]);

/** Two words in a row that name a credential together: `api key`, `session id`. */
const secretPairs = new Set(['api key', 'access key', 'private key', 'secret key', 'session id', 'card number', 'credit card', 'security code']);

/**
 * Word endings that make a compound word a credential: `refreshtoken`, `newpassword`, `clientsecret`.
 * Plurals are left alone on purpose: `prompt_tokens` counts tokens, it does not hold one.
 */
const secretEndings = ['token', 'password', 'passwd', 'secret', 'apikey'];

/**
 * A last word that makes the name describe a secret rather than hold one: `token_type`,
 * `password_policy`, `token_endpoint`, `otp_length`.
 */
const describingWords = new Set(['type', 'types', 'hint', 'count', 'length', 'expiry', 'expires', 'expiration', 'ttl', 'endpoint', 'url', 'uri', 'policy', 'strength', 'required', 'format', 'name', 'version']);

export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
}

/**
 * Names that hold a credential only when they stand alone: `?key=` (the API keys of Google and many
 * others); `sort_key` holds none. (`code` is left out: it holds an OAuth code in a redirect's query,
 * but the error code of most JSON error bodies.)
 */
const secretAlone = new Set(['key']);

export function looksSecret(name: string): boolean {
  const words = wordsOf(name);
  if (words.length === 1 && secretAlone.has(words[0])) return true;
  if (words.length > 1 && describingWords.has(words[words.length - 1])) return false;
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (secretWords.has(word)) return true;
    if (index > 0 && secretPairs.has(`${words[index - 1]} ${word}`)) return true;
    for (const ending of secretEndings) if (word.length > ending.length && word.endsWith(ending)) return true;
    if (word.includes('password')) return true;
  }
  return false;
}

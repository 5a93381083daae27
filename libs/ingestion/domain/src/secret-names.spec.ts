import { looksSecret, wordsOf } from './secret-names';

describe('names of secrets', () => {
  it('splits names at separators and camelCase humps', () => {
    expect(wordsOf('X-Access-Token')).toEqual(['x', 'access', 'token']);
    expect(wordsOf('refreshToken')).toEqual(['refresh', 'token']);
    expect(wordsOf('APIKey')).toEqual(['apikey']);
  });

  it.each(['password', 'new_password', 'userPassword', 'passwd', 'pwd', 'client_secret', 'access_token', 'csrftoken', 'X-API-Key', 'api_key', 'apiKey', 'sessionId', 'JSESSIONID', 'sid', 'otp', 'cvv', 'card_number', 'Authorization', 'x-auth-token', 'signature', 'key'])(
    'given %s, then it names a secret',
    (name) => expect(looksSecret(name)).toBe(true),
  );

  it.each(['user', 'email', 'prompt_tokens', 'max_tokens', 'tokenizer', 'passport', 'bypass', 'author', 'keyword', 'sec-websocket-key', 'content-type', 'session_count', 'compass', 'token_type', 'token_type_hint', 'password_policy', 'otp_length', 'token_endpoint', 'sort_key', 'code', 'status_code'])(
    'given %s, then it does not name a secret',
    (name) => expect(looksSecret(name)).toBe(false),
  );
});

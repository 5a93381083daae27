import { AppError } from '@sessionscope/shared/errors';
import { canonicalFilters, noFilters, parseFilterParameters, parseListParameters, parseNoParameters, QueryParameters } from './filter-parameters';

function errorOf(parse: () => unknown): AppError {
  try {
    parse();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('parseListParameters', () => {
  it('gives no filters, the default limit and no cursor for an empty query', () => {
    // given / when
    const parsed = parseListParameters({});
    // then
    expect(parsed).toEqual({ filters: noFilters, limit: 50, cursor: null });
  });

  it('reads every filter, repeated values as alternatives, normalised and de-duplicated', () => {
    // given
    const query: QueryParameters = {
      from: '2026-11-24T10:00:00Z',
      to: '2026-11-24T12:30:00+02:00',
      application: ['shop', 'admin', 'shop'],
      host: 'shop.example.com',
      clientIp: ['10.0.0.0/8', '2001:DB8::1', '203.0.113.7'],
      method: ['get', 'Post'],
      status: ['5xx', '404', '4XX'],
      sessionId: 's-1',
      requestId: ['r-2', 'r-1'],
      attackType: ['xss', 'sqli', 'xss'],
      malicious: 'true',
      user: ['bob', 'alice'],
      role: 'admin',
      endpoint: ['get /users/{id}', '/health'],
      limit: '1000',
      cursor: 'abc',
    };
    // when
    const parsed = parseListParameters(query);
    // then
    expect(parsed).toEqual({
      filters: {
        from: '2026-11-24T10:00:00.000Z',
        to: '2026-11-24T10:30:00.000Z',
        application: ['admin', 'shop'],
        host: ['shop.example.com'],
        clientIp: ['10.0.0.0/8', '2001:db8::1', '203.0.113.7'],
        method: ['GET', 'POST'],
        status: [{ kind: 'code', code: 404 }, { kind: 'class', hundreds: 4 }, { kind: 'class', hundreds: 5 }],
        sessionId: ['s-1'],
        requestId: ['r-1', 'r-2'],
        attackType: ['sqli', 'xss'],
        malicious: true,
        user: ['alice', 'bob'],
        role: ['admin'],
        endpoint: [{ method: null, path: '/health' }, { method: 'GET', path: '/users/{id}' }],
        sessionScope: null,
      },
      limit: 1000,
      cursor: 'abc',
    });
  });

  it.each([
    ['from', '2026-11-24', 'from: "2026-11-24" is not an ISO 8601 date-time with a time zone, such as 2026-11-24T10:00:00Z'],
    ['to', '2026-11-24T10:00:00', 'to: "2026-11-24T10:00:00" is not an ISO 8601 date-time with a time zone, such as 2026-11-24T10:00:00Z'],
    ['from', '2026-02-30T10:00:00Z', 'from: "2026-02-30T10:00:00Z" is not an ISO 8601 date-time with a time zone, such as 2026-11-24T10:00:00Z'],
    ['clientIp', '10.0.0.256', 'clientIp: "10.0.0.256" is not an IPv4 or IPv6 address or CIDR block'],
    ['clientIp', '10.0.0.0/33', 'clientIp: "10.0.0.0/33" is not an IPv4 or IPv6 address or CIDR block'],
    ['method', 'GET /', 'method: "GET /" is not an HTTP method such as GET'],
    ['status', '6xx', 'status: "6xx" is not a status code (100-599) or class (1xx-5xx)'],
    ['status', '2000', 'status: "2000" is not a status code (100-599) or class (1xx-5xx)'],
    ['limit', '0', 'limit: "0" is not a whole number from 1 to 1000'],
    ['limit', '1001', 'limit: "1001" is not a whole number from 1 to 1000'],
    ['limit', '10.5', 'limit: "10.5" is not a whole number from 1 to 1000'],
    ['host', '', 'host: "" is empty; give a value or leave host out'],
  ])('refuses %s=%j naming the parameter and the value', (field, value, expected) => {
    // given / when
    const error = errorOf(() => parseListParameters({ [field]: value }));
    // then
    expect(error.kind).toBe('invalid');
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.details.map((detail) => `${detail.field}: ${detail.message}`)).toEqual([expected]);
  });

  it('lists every bad value at once', () => {
    // given / when
    const error = errorOf(() => parseListParameters({ status: ['200', '7xx'], clientIp: 'nope', limit: ['5', '6'] }));
    // then
    expect(error.details).toEqual([
      { field: 'clientIp', message: '"nope" is not an IPv4 or IPv6 address or CIDR block' },
      { field: 'status', message: '"7xx" is not a status code (100-599) or class (1xx-5xx)' },
      { field: 'limit', message: '"5", "6": give limit at most once' },
    ]);
    expect(error.message).toContain('clientIp: "nope"');
  });

  it('refuses a window whose from is not before its to', () => {
    // given / when
    const error = errorOf(() => parseListParameters({ from: '2026-11-24T10:00:00Z', to: '2026-11-24T11:00:00+01:00' }));
    // then
    expect(error.code).toBe('INVALID_PARAMETER');
    expect(error.details).toEqual([{ field: 'from', message: '"2026-11-24T10:00:00Z" is not before to "2026-11-24T11:00:00+01:00"' }]);
  });

  it('refuses a repeated time bound', () => {
    const error = errorOf(() => parseListParameters({ from: ['2026-11-24T10:00:00Z', '2026-11-24T11:00:00Z'] }));
    expect(error.details).toEqual([{ field: 'from', message: '"2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z": give from at most once' }]);
  });

  it('refuses structured values that an extended query parser would produce', () => {
    const error = errorOf(() => parseListParameters({ host: { $ne: 'x' } }));
    expect(error.details).toEqual([{ field: 'host', message: 'a structured value (such as field[key]=...) is not accepted; repeat the parameter instead' }]);
  });

  it('names the endpoint values it refuses: a path must start with /', () => {
    // given / when
    const error = errorOf(() => parseListParameters({ endpoint: ['users/1', 'GET  /ok', 'FETCH ME /x'] }));
    // then
    expect(error.details).toEqual([
      { field: 'endpoint', message: '"users/1" is not an endpoint: a path starting with / after an optional method, such as GET /users/{id}' },
      { field: 'endpoint', message: '"FETCH ME /x" is not an endpoint: a path starting with / after an optional method, such as GET /users/{id}' },
    ]);
  });

  it('refuses an endpoint whose path pattern would be longer than the search takes, and accepts one at the limit', () => {
    // given: each "*" becomes ".*", so 500 of them make a pattern of 1001 characters; 499 make 999
    const error = errorOf(() => parseListParameters({ endpoint: `/${'*'.repeat(500)}` }));
    expect(error.details).toEqual([{ field: 'endpoint', message: expect.stringMatching(/makes a path pattern of 1001 characters, over the 1000 the search takes/) }]);
    expect(parseListParameters({ endpoint: `/${'*'.repeat(499)}` }).filters.endpoint).toHaveLength(1);
  });

  it('takes a time bound between two milliseconds as the later one, since requests are stored to the millisecond', () => {
    const { filters } = parseListParameters({ from: '2026-11-24T23:59:59.9995Z', to: '2026-11-25T00:00:00.0001Z' });
    expect(filters.from).toBe('2026-11-25T00:00:00.000Z');
    expect(filters.to).toBe('2026-11-25T00:00:00.001Z');
    expect(parseListParameters({ from: '2026-11-24T10:00:00.123000Z' }).filters.from).toBe('2026-11-24T10:00:00.123Z');
  });

  it('reads hosts in lower case, as they are stored', () => {
    expect(parseListParameters({ host: ['API.Example.com', 'api.example.com'] }).filters.host).toEqual(['api.example.com']);
  });

  it('takes a cursor longer than other values (it carries a request id), up to 4096 characters', () => {
    expect(parseListParameters({ cursor: 'c'.repeat(4096) }).cursor).toHaveLength(4096);
    expect(errorOf(() => parseListParameters({ cursor: 'c'.repeat(4097) })).details).toEqual([{ field: 'cursor', message: expect.stringMatching(/is longer than 4096 characters$/) }]);
  });

  it('names the attack type and the malicious value it refuses', () => {
    // given / when
    const error = errorOf(() => parseListParameters({ attackType: 'sql-injection', malicious: 'false' }));
    // then
    expect(error.details).toEqual([
      { field: 'attackType', message: expect.stringMatching(/^"sql-injection" is not an attack type \(sqli, xss, /) },
      { field: 'malicious', message: '"false" is not "true" (leave malicious out for all requests)' },
    ]);
  });

  it('answers UNKNOWN_PARAMETER for names outside the conventions, before anything else', () => {
    // given / when
    const error = errorOf(() => parseListParameters({ ip: '10.0.0.1', role: 'admin', status: 'bad' }));
    // then
    expect(error.code).toBe('UNKNOWN_PARAMETER');
    expect(error.details).toEqual([{ field: 'ip', message: 'unknown parameter (given "10.0.0.1")' }]);
  });
});

describe('parseFilterParameters', () => {
  it('accepts filters but not paging, which a single resource does not have', () => {
    expect(parseFilterParameters({ method: 'delete' }).method).toEqual(['DELETE']);
    const error = errorOf(() => parseFilterParameters({ limit: '5' }));
    expect(error.code).toBe('UNKNOWN_PARAMETER');
    expect(error.details).toEqual([{ field: 'limit', message: 'unknown parameter (given "5")' }]);
  });
});

describe('parseNoParameters', () => {
  it('refuses any parameter', () => {
    expect(() => parseNoParameters({})).not.toThrow();
    expect(errorOf(() => parseNoParameters({ host: 'a' })).code).toBe('UNKNOWN_PARAMETER');
  });
});

describe('canonicalFilters', () => {
  it('is the same for the same filters given in another order', () => {
    // given
    const a = parseListParameters({ status: ['5xx', '404'], host: ['b', 'a'] }).filters;
    const b = parseListParameters({ host: ['a', 'b', 'a'], status: ['404', '5XX'] }).filters;
    // then
    expect(canonicalFilters(a)).toBe(canonicalFilters(b));
    expect(canonicalFilters(a)).not.toBe(canonicalFilters(parseListParameters({ host: 'a' }).filters));
  });
});

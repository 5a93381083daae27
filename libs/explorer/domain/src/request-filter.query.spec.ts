import { noFilters, parseListParameters } from './filter-parameters';
import { endpointPathPattern } from './endpoint-path';
import { requestFilterClauses, requestQuery } from './request-filter.query';

describe('requestQuery', () => {
  it('always scopes to the tenant, and only to it without filters', () => {
    expect(requestQuery('acme', noFilters)).toEqual({ bool: { filter: [{ term: { tenant: 'acme' } }] } });
  });

  it('turns each filter into one clause: OR inside a parameter, AND across them', () => {
    // given
    const { filters } = parseListParameters({
      from: '2026-11-24T10:00:00Z',
      to: '2026-11-24T11:00:00Z',
      application: 'shop',
      host: ['a.example', 'b.example'],
      clientIp: ['10.0.0.0/8', '2001:db8::1'],
      method: 'get',
      status: ['404', '5xx', '201'],
      sessionId: 's-1',
      requestId: 'r-1',
    });
    // when
    const query = requestQuery('default', filters, { term: { sessionId: 's-9' } });
    // then
    expect(query).toEqual({
      bool: {
        filter: [
          { term: { tenant: 'default' } },
          { range: { timestamp: { format: 'strict_date_optional_time', gte: '2026-11-24T10:00:00.000Z', lt: '2026-11-24T11:00:00.000Z' } } },
          { terms: { application: ['shop'] } },
          { terms: { host: ['a.example', 'b.example'] } },
          { terms: { clientIp: ['10.0.0.0/8', '2001:db8::1'] } },
          { terms: { method: ['GET'] } },
          { terms: { sessionId: ['s-1'] } },
          { terms: { requestId: ['r-1'] } },
          { bool: { should: [{ terms: { status: [201, 404] } }, { range: { status: { gte: 500, lte: 599 } } }], minimum_should_match: 1 } },
          { term: { sessionId: 's-9' } },
        ],
      },
    });
  });

  it('keeps a half-open window and a lone status class as single clauses', () => {
    // given
    const { filters } = parseListParameters({ from: '2026-11-24T10:00:00Z', status: '4xx' });
    // when
    const query = requestQuery('default', filters);
    // then
    expect(query).toEqual({
      bool: {
        filter: [
          { term: { tenant: 'default' } },
          { range: { timestamp: { format: 'strict_date_optional_time', gte: '2026-11-24T10:00:00.000Z' } } },
          { range: { status: { gte: 400, lte: 499 } } },
        ],
      },
    });
  });
});

describe('endpoint filters', () => {
  it.each([
    ['/users/{id}/orders', '/users/[^/]+/orders'],
    ['/files/*', '/files/.*'],
    ['/a.b+c/{x}', '/a\\.b\\+c/[^/]+'],
    ['/search/\\*/{id}', '/search/\\*/[^/]+'],
    ['/ssti/\\{\\{7\\*7\\}\\}/*', '/ssti/\\{\\{7\\*7\\}\\}/.*'],
  ])('turns %s into the path pattern %s', (path, pattern) => {
    expect(endpointPathPattern(path)).toBe(pattern);
  });

  it('matches a path with escaped `*`, `{` and `}` (as attacks request them) exactly', () => {
    expect(requestFilterClauses('acme', { ...noFilters, endpoint: [{ method: null, path: '/search/\\*' }] })[1]).toEqual({ term: { path: '/search/*' } });
    expect(requestFilterClauses('acme', { ...noFilters, endpoint: [{ method: 'GET', path: '/\\{\\{7\\*7\\}\\}' }] })[1]).toEqual({ bool: { filter: [{ term: { path: '/{{7*7}}' } }, { term: { method: 'GET' } }] } });
    expect(requestFilterClauses('acme', { ...noFilters, endpoint: [{ method: null, path: '/a\\\\b' }] })[1]).toEqual({ term: { path: '/a\\b' } });
  });

  it('matches a plain path exactly, a template by pattern, and a method when given', () => {
    const clauses = requestFilterClauses('acme', { ...noFilters, endpoint: [{ method: null, path: '/health' }, { method: 'GET', path: '/users/{id}' }] });
    expect(clauses[1]).toEqual({
      bool: {
        should: [{ term: { path: '/health' } }, { bool: { filter: [{ regexp: { path: { value: '/users/[^/]+', flags: 'NONE' } } }, { term: { method: 'GET' } }] } }],
        minimum_should_match: 1,
      },
    });
  });

  it('keeps to the sessions of a user or role, and matches nothing when there are none', () => {
    expect(requestFilterClauses('acme', { ...noFilters, sessionScope: ['s-1'] })[1]).toEqual({ terms: { sessionId: ['s-1'] } });
    expect(requestFilterClauses('acme', { ...noFilters, sessionScope: [] })[1]).toEqual({ terms: { sessionId: [] } });
  });
});

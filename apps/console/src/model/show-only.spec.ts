import { showOnlyFilters } from './show-only';

describe('"Show only" on a statistics row', () => {
  it('maps a row onto the filter of its group', () => {
    expect(showOnlyFilters('byMethod', 'GET')).toEqual([['method', 'GET']]);
    expect(showOnlyFilters('byStatus', '404')).toEqual([['status', '404']]);
    expect(showOnlyFilters('byClientIp', '2001:db8::1')).toEqual([['clientIp', '2001:db8::1']]);
    expect(showOnlyFilters('byAttackType', 'xss')).toEqual([['attackType', 'xss']]);
    expect(showOnlyFilters('legitimacy', 'malicious')).toEqual([['malicious', 'true']]);
  });

  it('splits an endpoint row into the endpoint and host filters, the path matched as requested', () => {
    expect(showOnlyFilters('byEndpoint', 'GET api.example.com /users/42')).toEqual([
      ['endpoint', 'GET /users/42'],
      ['host', 'api.example.com'],
    ]);
    // An attack's path: its `{`, `}` and `*` are characters, not a template.
    expect(showOnlyFilters('byEndpoint', 'GET api.example.com /search/{{7*7}}')).toEqual([
      ['endpoint', 'GET /search/\\{\\{7\\*7\\}\\}'],
      ['host', 'api.example.com'],
    ]);
    expect(showOnlyFilters('byEndpoint', 'GET /no-host')).toBeNull();
  });

  it('offers nothing where the gateway has no filter', () => {
    expect(showOnlyFilters('legitimacy', 'legitimate')).toBeNull();
    expect(showOnlyFilters('byStatus', 'none')).toBeNull();
  });
});

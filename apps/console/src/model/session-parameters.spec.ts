import { sessionParameters } from './session-parameters';

const request = {
  clientIp: '192.0.2.10',
  userAgent: 'curl/8',
  query: 'token=abc&page=2',
  requestHeaders: { cookie: 'PHPSESSID=[masked]; theme=dark', authorization: 'Bearer [masked]', 'user-agent': 'curl/8' },
};

describe('session parameters of a request', () => {
  it('marks the cookie that grouped the request', () => {
    const parameters = sessionParameters(request, 'cookie:PHPSESSID');
    expect(parameters.filter((parameter) => parameter.grouping).map((parameter) => parameter.name)).toEqual(['Cookie PHPSESSID']);
    expect(parameters.map((parameter) => parameter.point)).toEqual(['cookie:PHPSESSID', 'cookie:theme', 'header:authorization', 'query:token', 'query:page', 'ip', 'user-agent']);
  });

  it('marks a header read through a JWT claim, and both the address and user agent for the fallback', () => {
    expect(sessionParameters(request, 'header:authorization#sid').filter((p) => p.grouping).map((p) => p.point)).toEqual(['header:authorization']);
    expect(sessionParameters(request, 'ip+user-agent').filter((p) => p.grouping).map((p) => p.point)).toEqual(['ip', 'user-agent']);
    expect(sessionParameters(request, 'response.query:token').filter((p) => p.grouping).map((p) => p.point)).toEqual(['query:token']);
    expect(sessionParameters(request, null).some((p) => p.grouping)).toBe(false);
  });

  it('shows a custom header of the key chain that is not among the usual ones', () => {
    const custom = { ...request, requestHeaders: { ...request.requestHeaders, 'x-tenant-session': 'v1' } };
    expect(sessionParameters(custom, 'header:x-tenant-session').find((p) => p.grouping)).toEqual({ point: 'header:x-tenant-session', name: 'Header x-tenant-session', value: 'v1', grouping: true });
  });
});

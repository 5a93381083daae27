import type { Paranoia } from '../types';
import { ldapiDetector } from './ldapi.detector';

const inspect = (value: string, paranoia: Paranoia = 1, point = 'body.username') => ldapiDetector.inspect({ point, value, raw: value }, { paranoia });

describe('ldapiDetector', () => {
  it.each([
    ['*)(uid=*))(|(uid=*', 'ldapi/filter-break-out'],
    ['admin)(cn=*', 'ldapi/filter-break-out'],
    ['*)(|(objectClass=*)', 'ldapi/filter-break-out'],
    ['jdoe)(|(mail=*@corp.example)', 'ldapi/filter-break-out'],
    ['x) (& (userPassword>=a)', 'ldapi/filter-break-out'],
    ['admin)(&)', 'ldapi/filter-break-out'],
    ['eb9adbd87d)!(sn=*', 'ldapi/filter-break-out'],
    ['val)&(cn=admin', 'ldapi/filter-break-out'],
    ['admin)(|', 'ldapi/filter-break-out'],
    ['test)\t(\t|', 'ldapi/filter-break-out'],
    ['admin)\u0000', 'ldapi/null-byte'],
    ['admin*)\\00', 'ldapi/null-byte'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('ldapi');
    expect(hit?.point).toBe('body.username');
  });

  it.each([
    '*',
    'John (Johnny) Smith',
    'see the notes (page 3)(appendix)',
    'f(x)(y) = 2',
    'price (EUR) = 10',
    'Mozilla/5.0 (X11; Linux x86_64) (KHTML, like Gecko)',
    '2 * (3 + 4)',
    'ab*',
    ':-) (smile)',
    '{"a":"(b)","c":"(d=1)"}',
    '(objectSID=S-1-5-21-73586283-152049171-839522115-1111)',
    '(userAccountControl:1.2.840.113556.1.4.803:=67108864)(&(objectCategory=group)(groupType:1.2.840.113556.1.4.803:=2))',
    'select count(*) from t',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given wildcards alone, when the paranoia rises, then they are reported only at the higher levels', () => {
    expect(inspect('objectClass=*', 1)).toBeNull();
    expect(inspect('objectClass=*', 2)?.detector).toBe('ldapi/objectclass-wildcard');
    expect(inspect('adm*)', 2)).toBeNull();
    expect(inspect('adm*)', 3)?.detector).toBe('ldapi/wildcard-close');
    expect(inspect('(&(objectClass=user))', 1)).toBeNull();
    expect(inspect('(&(objectClass=user))', 2)?.detector).toBe('ldapi/filter-injection');
    expect(inspect('(|(uid=*)(cn=*))', 2)?.detector).toBe('ldapi/filter-injection');
    expect(inspect('*', 3)).toBeNull();
    expect(inspect('*', 4)?.detector).toBe('ldapi/lone-wildcard');
  });
});

import { parseCookieHeader } from './cookie-header';

describe('parseCookieHeader', () => {
  it('given the usual "a=1; b=2" form, when parsed, then every cookie is found', () => {
    expect([...parseCookieHeader('a=1; b=2; c=three')]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', 'three'],
    ]);
  });

  it('given loose spacing, quoted values and values with "=", when parsed, then names and values are clean', () => {
    const cookies = parseCookieHeader(' a = 1 ;b="quoted value";token=x=y==; ;novalue');
    expect(Object.fromEntries(cookies)).toEqual({ a: '1', b: 'quoted value', token: 'x=y==' });
  });

  it('given a repeated name, when parsed, then the first value wins', () => {
    expect(parseCookieHeader('sid=first; sid=second').get('sid')).toBe('first');
  });

  it('given an empty header or one without pairs, when parsed, then no cookie is found', () => {
    expect(parseCookieHeader('').size).toBe(0);
    expect(parseCookieHeader('garbage; =nameless').size).toBe(0);
  });
});

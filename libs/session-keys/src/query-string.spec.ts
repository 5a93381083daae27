import { readQueryParameter } from './query-string';

describe('readQueryParameter', () => {
  it('given repeated parameters, when read, then every value comes back in order', () => {
    expect(readQueryParameter('a=1&token=x&token=y', 'token')).toEqual(['x', 'y']);
  });

  it('given form encoding in names and values, when read, then both are decoded', () => {
    expect(readQueryParameter('access%5Ftoken=a+b%26c', 'access_token')).toEqual(['a b&c']);
  });

  it('given a flag without "=", when read, then its value is empty', () => {
    expect(readQueryParameter('debug&x=1', 'debug')).toEqual(['']);
  });

  it('given broken percent-encoding, when read, then the value is kept as sent', () => {
    expect(readQueryParameter('token=100%&t=%E0%A4%A', 'token')).toEqual(['100%']);
    expect(readQueryParameter('t=%E0%A4%A', 't')).toEqual(['%E0%A4%A']);
  });

  it('given an empty query or an absent name, when read, then nothing is found', () => {
    expect(readQueryParameter('', 'token')).toEqual([]);
    expect(readQueryParameter('tokens=1&xtoken=2', 'token')).toEqual([]);
  });
});

import { decodeValue, htmlEntityDecode, percentDecode, plainBase64, unicodeEscapeDecode } from './decode';

describe('decoding values the way applications read them', () => {
  it('given percent encoding, once or twice, when decoded, then the text comes back', () => {
    expect(decodeValue('%2e%2e%2fetc', false)).toBe('../etc');
    expect(decodeValue('%252e%252e%252f', false)).toBe('../');
    expect(decodeValue('caf%C3%A9', false)).toBe('café');
  });

  it('given a plus, when it is a query or form value, then it is a space, and elsewhere it stays', () => {
    expect(decodeValue('blue+shoes', true)).toBe('blue shoes');
    expect(decodeValue('1+1', false)).toBe('1+1');
    expect(decodeValue('a%2Bb', true)).toBe('a+b');
  });

  it('given %u escapes and overlong UTF-8, when decoded, then they are the characters they stand for', () => {
    expect(percentDecode('%u003cscript', false)).toBe('<script');
    expect(percentDecode('..%c0%af..%c0%afetc', false)).toBe('../../etc');
  });

  it('given HTML entities, when decoded, then named, decimal and hex forms become characters', () => {
    expect(htmlEntityDecode('&lt;a&gt; &#106;&#x61;va &quot;x&quot;')).toBe('<a> java "x"');
    expect(htmlEntityDecode('Tom &amp; Jerry &unknown;')).toBe('Tom & Jerry &unknown;');
  });

  it('given numeric references padded with zeros, when decoded, then they are the characters browsers read', () => {
    expect(htmlEntityDecode(`&#x24;&#${'0'.repeat(40)}123;jndi`)).toBe('${jndi');
    expect(htmlEntityDecode('&#x0000003c;b')).toBe('<b');
  });

  it('given unicode escapes, when decoded, then they become characters', () => {
    expect(unicodeEscapeDecode('\\u003cimg\\u003e')).toBe('<img>');
    expect(unicodeEscapeDecode('\\u003cscript\\u003ealert(1)')).toBe('<script>alert(1)');
    expect(unicodeEscapeDecode('\\u{3c}b\\u{1F600}')).toBe('<b\u{1F600}');
  });

  it('given broken encodings, when decoded, then nothing throws and the text stays', () => {
    expect(decodeValue('100%', false)).toBe('100%');
    expect(decodeValue('%zz%', false)).toBe('%zz%');
    expect(decodeValue('%E0%A4', false)).toBe('\ufffd');
  });

  it('given a value that plainly is base64 of text, when read, then its text is found', () => {
    expect(plainBase64(btoa('cat /etc/passwd; id'))).toBe('cat /etc/passwd; id');
  });

  it('given tokens that only look like base64, when read, then nothing is decoded', () => {
    expect(plainBase64('3f2a9c1e-8b7d-4e2a-9f1c-2b3d4e5f6a7b')).toBeNull();
    expect(plainBase64('abcdefghijklmnop')).toBeNull();
    expect(plainBase64('short')).toBeNull();
    expect(plainBase64('sk_live_51H8xYz2eZvKYlo2C0abcdef')).toBeNull();
  });
});

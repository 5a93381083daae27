import type { InspectedValue, Paranoia } from '../types';
import { normalisePath, pathTraversalDetector } from './path-traversal.detector';

function inspect(text: string, paranoia: Paranoia = 1, point = 'query.file') {
  const value: InspectedValue = { point, value: text, raw: text };
  return pathTraversalDetector.inspect(value, { paranoia });
}

describe('path traversal and local file inclusion detector', () => {
  it('given separators, dot spellings and doubled slashes, when normalised, then one plain path remains', () => {
    expect(normalisePath('..\\..\\Windows\\WIN.INI')).toBe('../../windows/win.ini');
    expect(normalisePath('/./a//b/./c')).toBe('/a/b/c');
    expect(normalisePath('0x2e0x2e0x2fetc')).toBe('../etc');
  });

  it.each([
    ['../../../../etc/passwd', 'path-traversal/os-file'],
    ['/etc/passwd', 'path-traversal/os-file'],
    ['C:\\Windows\\win.ini', 'path-traversal/os-file'],
    ['..\\..\\boot.ini', 'path-traversal/os-file'],
    ['....//....//etc/shadow', 'path-traversal/os-file'],
    ['../../../../../../', 'path-traversal/traversal'],
    ['../config', 'path-traversal/traversal'],
    ['/..;/admin', 'path-traversal/traversal'],
    ['php://filter/convert.base64-encode/resource=index.php', 'path-traversal/wrapper'],
    ['file:///etc/hostname', 'path-traversal/wrapper'],
    ['/........{file}', 'path-traversal/dot-run'],
    ['c:windowswin.ini', 'path-traversal/stripped-separators'],
    ['D:inetpubwwwrootglobal.asa', 'path-traversal/stripped-separators'],
    ['web-infweb.xml', 'path-traversal/stripped-separators'],
    ['etcpasswd\u0000', 'path-traversal/stripped-separators'],
    ['\\\\?\\C:\\Windows\\system.ini', 'path-traversal/os-file'],
    ['c:/Windows\\win.ini', 'path-traversal/os-file'],
    ['../../etc/passwd\u0000.jpg', 'path-traversal/os-file'],
    ['index.php::$DATA', 'path-traversal/ntfs-stream'],
    ['site_dump.sql.gz', 'path-traversal/sql-dump'],
    ['files/db-2024.sql.tar.gz', 'path-traversal/sql-dump'],
    ['>/tmp/out', 'path-traversal/os-file'],
    ['\uff0e\uff0e\u2215\uff0e\uff0e\u2215etc\u2215passwd', 'path-traversal/os-file'],
    ['C:/inetpub/wwwroot/web.config', 'path-traversal/os-file'],
  ])('given %j, when inspected at paranoia 1, then it is path traversal', (text, detector) => {
    const hit = inspect(text);
    expect(hit?.type).toBe('path-traversal');
    expect(hit?.detector).toBe(detector);
  });

  it('given a restricted file in the URL path, when inspected, then it is a hit at paranoia 1', () => {
    expect(inspect('/.git/config', 1, 'path')?.type).toBe('path-traversal');
    expect(inspect('/app/.claude/settings.json', 1, 'path')?.detector).toBe('path-traversal/restricted-file');
    expect(inspect('/web.config', 1, 'path')?.type).toBe('path-traversal');
    expect(inspect('/get/backup.sql.zip', 1, 'path')?.type).toBe('path-traversal');
    expect(inspect('/.opencode/config.json', 1, 'path')?.type).toBe('path-traversal');
  });

  it('given a common project file name in the URL path without traversal, when inspected, then only paranoia 2 fires', () => {
    expect(inspect('/files/logstash/config.xml', 1, 'path')).toBeNull();
    expect(inspect('/static/package.json', 1, 'path')).toBeNull();
    expect(inspect('/files/logstash/config.xml', 2, 'path')?.type).toBe('path-traversal');
  });

  it.each([
    ['/.//././/./{file}', 'path-traversal/self-reference'],
    ['/./', 'path-traversal/self-reference'],
    ['///data/report.txt', 'path-traversal/slash-run'],
    ['/////{file}', 'path-traversal/slash-run'],
    [`/${'a'.repeat(300)}../x`, 'path-traversal/path-truncation'],
  ])('given the evasion %j, when inspected at paranoia 1, then it is a %s hit', (text, detector) => {
    expect(inspect(text)?.detector).toBe(detector);
  });

  it('given a run of slashes at the start of the URL path, when inspected, then only paranoia 2 fires (badly joined links double them)', () => {
    expect(inspect('///images/logo.png', 1, 'path')).toBeNull();
    expect(inspect('///images/logo.png', 2, 'path')?.detector).toBe('path-traversal/slash-run');
  });

  it.each(['//cdn.example.com/app.js', './src/index.ts', '/api/v1/items', `/${'a'.repeat(300)}`, `note: ${'='.repeat(300)}.`])(
    'given the look-alike %j, when inspected at paranoia 1, then nothing fires',
    (text) => {
      expect(inspect(text)).toBeNull();
    },
  );

  it.each([
    'release 1.2../3.0',
    'v1.0..2.0/changelog',
    'images/a/../b.png',
    'see my .env file',
    'wait....what',
    'https://example.com/a/b',
    'jane.doe@example.com',
    '/api/v1/users/42',
    '3.14',
    'uploads/config.yml',
    'windows win.ini settings',
    'etcpasswdhelper',
    'c:windowsupdate',
    'my.sql.notes',
    'a::$b',
    '> 3 items',
    'dump.sql',
    'q: price::$5',
  ])('given the benign %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(inspect(text)).toBeNull();
  });

  it('given one inner traversal, when inspected, then paranoia 2 takes it and 1 does not', () => {
    expect(inspect('images/a/../b.png')).toBeNull();
    expect(inspect('images/a/../b.png', 2)?.type).toBe('path-traversal');
  });
});

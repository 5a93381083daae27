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
  ])('given %j, when inspected at paranoia 1, then it is path traversal', (text, detector) => {
    const hit = inspect(text);
    expect(hit?.type).toBe('path-traversal');
    expect(hit?.detector).toBe(detector);
  });

  it('given a restricted file in the URL path, when inspected, then it is a hit at paranoia 1', () => {
    expect(inspect('/.git/config', 1, 'path')?.type).toBe('path-traversal');
    expect(inspect('/app/.claude/settings.json', 1, 'path')?.detector).toBe('path-traversal/restricted-file');
    expect(inspect('/web.config', 1, 'path')?.type).toBe('path-traversal');
  });

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
  ])('given the benign %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(inspect(text)).toBeNull();
  });

  it('given one inner traversal, when inspected, then paranoia 2 takes it and 1 does not', () => {
    expect(inspect('images/a/../b.png')).toBeNull();
    expect(inspect('images/a/../b.png', 2)?.type).toBe('path-traversal');
  });
});

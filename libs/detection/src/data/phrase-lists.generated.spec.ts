import * as lists from './phrase-lists.generated';

// The exact equality with the *.data files is checked by `node tools/detection/embed-phrase-lists.mjs
// --check` (this library may not read files); here: the shape every detector relies on.
describe('the embedded CRS phrase lists', () => {
  const all = Object.entries(lists) as [string, readonly string[]][];

  it('given the generated module, when listed, then it has one non-empty list per data file', () => {
    expect(all.map(([name]) => name).sort()).toEqual([
      'javaClasses',
      'lfiOsFiles',
      'phpFunctionNames933150',
      'phpVariables',
      'restrictedFiles',
      'restrictedUpload',
      'scannersUserAgents',
      'sqlErrors',
      'ssrf',
      'ssrfNoScheme',
      'unixShell',
      'unixShellAliases',
      'unixShellBuiltins',
      'webShellsPhp',
      'windowsPowershellCommands',
    ]);
    for (const [, phrases] of all) expect(phrases.length).toBeGreaterThan(0);
  });

  it('given any list, when read, then no entry is a comment, blank or ends with a blank', () => {
    for (const [, phrases] of all) {
      for (const phrase of phrases) {
        expect(phrase.trim()).not.toBe('');
        expect(phrase.trimStart().startsWith('#')).toBe(false);
        expect(phrase).toBe(phrase.trimEnd());
      }
    }
  });

  it('given the data files, when embedded, then known phrases are there as written', () => {
    expect(lists.lfiOsFiles).toContain('etc/passwd');
    expect(lists.unixShell).toContain('bin/cat');
    expect(lists.scannersUserAgents).toContain('sqlmap');
    expect(lists.windowsPowershellCommands).toContain('Invoke-WebRequest');
  });
});

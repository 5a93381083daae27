import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWriteFailure, openOutputFile, writeOutputFile } from './output-file';

describe('output files', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'output-file-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says why a path cannot be written in words, falling back to the system message', () => {
    expect(describeWriteFailure('ENOENT', 'x')).toBe('no such directory');
    expect(describeWriteFailure('EISDIR', 'x')).toBe('it is a directory');
    expect(describeWriteFailure('EACCES', 'x')).toBe('permission denied');
    expect(describeWriteFailure('EIO', 'i/o error')).toBe('i/o error');
  });

  it('given a missing directory or a directory, when opened, then it fails at once naming the option and the path', () => {
    const missing = join(dir, 'nonexistentdir', 'e.ndjson');
    expect(() => openOutputFile('--errors-file', missing)).toThrow(`--errors-file ${missing} cannot be written: no such directory`);
    expect(() => openOutputFile('--errors-file', dir)).toThrow(`--errors-file ${dir} cannot be written: it is a directory`);
    expect(() => writeOutputFile('--out', missing, '{}')).toThrow(`--out ${missing} cannot be written: no such directory`);
  });

  it('given a writable path, when lines are written and it is closed, then the file holds them', async () => {
    const file = join(dir, 'lines.ndjson');
    const out = openOutputFile('--out', file);
    await out.write('a\n');
    await out.write('b\n');
    await out.close();
    expect(readFileSync(file, 'utf8')).toBe('a\nb\n');
  });
});

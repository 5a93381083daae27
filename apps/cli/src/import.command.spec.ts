import { fileErrorMessage, parseHttpUrl } from './import.command';
import { sourceIdNote } from './import-traffic';

describe('import options', () => {
  it('takes an http(s) URL for --ingestion-url and refuses anything else', () => {
    expect(parseHttpUrl('http://127.0.0.1:8081')).toBe('http://127.0.0.1:8081');
    expect(() => parseHttpUrl('notaurl')).toThrow('not a URL');
    expect(() => parseHttpUrl('ftp://host')).toThrow('not an http(s) URL (ftp: given)');
  });

  it('names the file in the error of one file among several, once', () => {
    expect(fileErrorMessage('nope.ndjson', '/x/nope.ndjson', '/x/nope.ndjson does not exist')).toBe('/x/nope.ndjson does not exist');
    expect(fileErrorMessage('a.log', '/x/a.log', 'ingestion refused lines 1-5: HTTP 400 bad')).toBe('a.log: ingestion refused lines 1-5: HTTP 400 bad');
  });
});

describe('the sourceId line of the import summary', () => {
  it('promises a grown log is stored once per line for line formats, and once per file for documents', () => {
    expect(sourceIdNote('combined')).toBe('(importing this file again, or after it grew, stores each line once)');
    expect(sourceIdNote('har')).toBe('(importing this file again stores it once)');
  });
});

import { parseCsv, parseCsvRecords } from './csv';

describe('parseCsv', () => {
  it('given quoted fields with commas, doubled quotes and line breaks, when parsed, then each field is whole', () => {
    const text = 'payload,label\r\n"a, b",x\n"say ""hi""",y\n"two\nlines",z\nplain,\n\n';

    expect(parseCsv(text)).toEqual([
      ['payload', 'label'],
      ['a, b', 'x'],
      ['say "hi"', 'y'],
      ['two\nlines', 'z'],
      ['plain', ''],
    ]);
  });

  it('given a last line without a line end, when parsed, then it counts', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('given a quote left open, when parsed, then it throws', () => {
    expect(() => parseCsv('a\n"open')).toThrow('quoted field');
  });
});

describe('parseCsvRecords', () => {
  it('given a header line, when parsed, then rows are keyed by column name', () => {
    expect(parseCsvRecords('"payload","attack_type"\n"1\' or 1=1--","sqli"\n')).toEqual([{ payload: "1' or 1=1--", attack_type: 'sqli' }]);
  });
});

import { lexSql } from './lexer';

const kinds = (input: string) => lexSql(input).map((t) => `${t.kind}:${t.text}`);

describe('lexSql', () => {
  it('given strings in every quote style, when lexed, then escaped and doubled quotes stay inside and an open string runs to the end', () => {
    expect(kinds(`'it''s' "say \\"hi\\"" \`col\` 'open`)).toEqual([
      "string:'it''s'",
      'string:"say \\"hi\\""',
      'identifier:`col`',
      "string:'open",
    ]);
    expect(lexSql("'open")[0].unterminated).toBe(true);
    expect(lexSql("'closed'")[0].unterminated).toBe(false);
  });

  it('given numbers in decimal, hex, binary and scientific notation, when lexed, then each is one number token', () => {
    expect(kinds('12 1.5 .5 0x7e3a 0b101 2.2250738585072011e-308 1E10')).toEqual([
      'number:12',
      'number:1.5',
      'number:.5',
      'number:0x7e3a',
      'number:0b101',
      'number:2.2250738585072011e-308',
      'number:1E10',
    ]);
  });

  it('given keywords in mixed case, when lexed, then they are keywords with a lower-case form and other words are identifiers', () => {
    const tokens = lexSql('SeLeCt username FrOm users');
    expect(tokens.map((t) => [t.kind, t.lower])).toEqual([
      ['keyword', 'select'],
      ['identifier', 'username'],
      ['keyword', 'from'],
      ['identifier', 'users'],
    ]);
  });

  it('given multi-character operators, when lexed, then each is one operator token', () => {
    expect(kinds("a<>b||c&&d<=>e!=f>=g::int").filter((t) => t.startsWith('operator'))).toEqual([
      'operator:<>',
      'operator:||',
      'operator:&&',
      'operator:<=>',
      'operator:!=',
      'operator:>=',
      'operator:::',
    ]);
  });

  it('given every comment style, when lexed, then line and block comments are comment tokens', () => {
    expect(kinds("1 -- rest\n2 # hash\n3 /* block */ 4")).toEqual([
      'number:1',
      'comment:-- rest',
      'number:2',
      'comment:# hash',
      'number:3',
      'comment:/* block */',
      'number:4',
    ]);
  });

  it('given a MySQL versioned comment, when lexed, then its content is read as SQL', () => {
    expect(kinds('/*!50000UNION*/ /*!SELECT*/ 1').map((t) => t.toLowerCase())).toEqual(['keyword:union', 'keyword:select', 'number:1']);
  });

  it('given whitespace alternatives, when lexed, then tabs, newlines and empty comments separate tokens', () => {
    expect(lexSql('union/**/select\t1\n,2').filter((t) => t.kind !== 'comment').map((t) => t.text)).toEqual(['union', 'select', '1', ',', '2']);
  });

  it('given punctuation and variables, when lexed, then parentheses, commas, semicolons, dots and variables are their own kinds', () => {
    expect(kinds('(a.b, @x);@@version')).toEqual([
      'lparen:(',
      'identifier:a',
      'dot:.',
      'identifier:b',
      'comma:,',
      'variable:@x',
      'rparen:)',
      'semicolon:;',
      'variable:@@version',
    ]);
  });
});

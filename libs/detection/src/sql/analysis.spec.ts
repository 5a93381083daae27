import { analyzeSqlInjection, mayContainSql } from './analysis';

describe('analyzeSqlInjection', () => {
  it.each([
    ["name' OR 1=1--", 'single-quote', 6],
    ['name" OR 1=1--', 'double-quote', 6],
    ['42 OR 1=1', 'number', 3],
    ['` AS `x` FROM', 'backtick', 2],
    [') OR 1=1--', 'parenthesis', 2],
    ['concat_ws(', 'expression', 0],
  ])('given %j, when analysed, then the break-out context is %s and the SQL starts at offset %d', (value, context, offset) => {
    const finding = analyzeSqlInjection(value);
    expect(finding?.context).toBe(context);
    expect(finding?.offset).toBe(offset);
  });

  it('given an escaped or doubled quote, when analysed, then the value stays inside its string', () => {
    // The break-out is the quote after `Reilly` (index 9), so the injected OR starts at 11.
    expect(analyzeSqlInjection("O''Reilly' or 'a'='a")?.offset).toBe(11);
    expect(analyzeSqlInjection("O\\'Reilly' or 'a'='a")?.offset).toBe(11);
  });

  it('given stronger and weaker shapes in one value, when analysed, then the strongest shape wins', () => {
    expect(analyzeSqlInjection("x' or 1=1 union select 1,2--")?.shape).toBe('union-select');
  });

  it('given values without any SQL character or word, when pre-filtered, then they are skipped', () => {
    expect(mayContainSql('john.smith@example.com')).toBe(false);
    expect(mayContainSql('550e8400-e29b-41d4-a716-446655440000')).toBe(false);
    expect(mayContainSql("O'Reilly")).toBe(true);
    expect(mayContainSql('1 order by 3')).toBe(true);
  });

  it.each([
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    'https://app.example.com/orders?id=12&page=2',
    'Leave at the front door; ring (twice) = please',
    'the user admin (settings)',
    'please update your profile',
    'status:active',
    'a < b > c',
  ])('given the common value %j, when pre-filtered, then it is skipped', (value) => {
    expect(mayContainSql(value)).toBe(false);
  });

  it.each([
    'x UNION y',
    'version ()',
    'sys.tables',
    'update t set a=1',
    'x; update t set a=1',
    'xp_cmdshell',
    '@@version',
    'a||b',
    'a && b',
    '(1=1)',
    ') as t from',
    '1.e(ascii)',
    'a::int',
    'x -- y',
    'x /* y',
    'DROP',
    '1 oR 2',
    'rdb$relations',
  ])('given %j, when pre-filtered, then it goes on to the full analysis', (value) => {
    expect(mayContainSql(value)).toBe(true);
  });
});

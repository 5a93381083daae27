import type { Paranoia } from '../types';
import { sqliDetector } from './sqli.detector';

const inspect = (value: string, paranoia: Paranoia = 1, point = 'query.id') => sqliDetector.inspect({ point, value, raw: value }, { paranoia });

describe('sqliDetector', () => {
  it.each([
    ["' OR 1=1", 'sqli/tautology'],
    ["x' or 'a'='a", 'sqli/tautology'],
    ['1 AND 2>1', 'sqli/tautology'],
    ['12") or ("q"="q', 'sqli/tautology'],
    ["1')) AND 77 BETWEEN 1 AND 99 AND (('k'='k", 'sqli/tautology'],
    ["' UNION ALL SELECT username, password FROM users--", 'sqli/union-select'],
    ['-5 union/**/select null,null,@@version', 'sqli/union-select'],
    ['9 /*!50000UNION*/ /*!50000SELECT*/ 1,2', 'sqli/union-select'],
    ["abc'; DROP TABLE accounts;--", 'sqli/stacked-query'],
    ["7; EXEC master..xp_cmdshell 'ping 10.0.0.1'", 'sqli/stacked-query'],
    ['admin\'--', 'sqli/comment-truncation'],
    ["root')#", 'sqli/comment-truncation'],
    ["1' AND SLEEP(5)-- x", 'sqli/boolean-function'],
    ["1';WAITFOR DELAY '0:0:7'--", 'sqli/stacked-query'],
    ['3 or pg_sleep(10)', 'sqli/boolean-function'],
    ["q' || (SELECT pg_sleep(3)) || '", 'sqli/time-function'],
    ["q'||(select name from t)||'", 'sqli/subquery'],
    ['5 and extractvalue(1,concat(0x7e,version()))', 'sqli/boolean-function'],
    ["' and 1=convert(int,(select top 1 name from sysobjects))--", 'sqli/tautology'],
    ["2' ORDER BY 9--", 'sqli/order-by-probe'],
    ['4 group by 3', 'sqli/order-by-probe'],
    ["' having 1=1 --", 'sqli/having'],
    ["1' into outfile '/var/www/s.php'--", 'sqli/into-outfile'],
    ["' union select load_file('/etc/hosts')#", 'sqli/union-select'],
    ['BENCHMARK(900000,SHA1(1))', 'sqli/time-function'],
    ["id' AND (SELECT COUNT(*) FROM information_schema.tables)>0 AND 'z'='z", 'sqli/tautology'],
    ['elt(44=44,sleep(2))', 'sqli/time-function'],
    ['(331=331)*12', 'sqli/boolean-expression'],
    ['concat_ws(', 'sqli/function-call'],
    ['pg_catalog', 'sqli/system-table'],
    ['ALTER TABLE customers ADD note TEXT CHARACTER SET latin1', 'sqli/statement'],
    ['name@example.org\';', 'sqli/statement-end'],
    ["admin'||'", 'sqli/string-concatenation'],
    ["' or ''-'", 'sqli/boolean-truncated'],
    ['or true--', 'sqli/boolean-truncated'],
    ['1 OR 1 BETWEEN 0 AND 2', 'sqli/tautology'],
    ['1 PROCEDURE ANALYSE()', 'sqli/procedure-analyse'],
    ['SELECT @@version', 'sqli/select-statement'],
    ["'{\"b\":2}'::jsonb @> '{\"a\":1}'::jsonb", 'sqli/cast'],
    ['` AS `user_id` FROM', 'sqli/alias-from'],
    ["1' /**/or/**/ 1=1#", 'sqli/tautology'],
    ["';SELECT P", 'sqli/stacked-query'],
    ['selEct(/*x*/sleep(/*y*/10));', 'sqli/time-function'],
    ['select(user(', 'sqli/select-statement'],
    [')like(', 'sqli/keyword-after-break-out'],
    ['case when condition1 then result1', 'sqli/conditional'],
    ['msdb', 'sqli/system-table'],
    ["2010-01-01' sleep(20.to_i) '", 'sqli/time-function'],
    ['Northwind', 'sqli/system-table'],
    ['schema_name', 'sqli/system-table'],
    [", FIND_IN_SET('7', tags)", 'sqli/function-call'],
    ['...(json_build_object(1,secret)::jsonb)::int', 'sqli/cast'],
    ['div(17,-3)', 'sqli/function-call'],
    ['2.2250738585072011e-308', 'sqli/overflow-number'],
    ['"+WAITFOR+DELAY+\'0:0:5', 'sqli/time-delay'],
    [';truncate[logs', 'sqli/stacked-query'],
    ['9 or {x (/*!40000select name/*!x*/', 'sqli/versioned-comment'],
    ['/*!union*/ 1', 'sqli/versioned-comment'],
    ["OR '{\"a\":[1,2]}' -> '$.a[1]' = 2", 'sqli/json-comparison'],
    ["and '[3,4]' ? '4'", 'sqli/json-comparison'],
    ["'{\"k\":1}' > '$.k' = 1", 'sqli/json-comparison'],
    ["OR json_extract('{\"id\": 3}', '$.id') = 3", 'sqli/json-comparison'],
    ['2.e(hex)', 'sqli/glued-number'],
    ['7.e.columns', 'sqli/glued-number'],
    ['` RLIKE ', 'sqli/keyword-after-break-out'],
    ['42 as" from', 'sqli/alias-from'],
    ['XunionSELECTfrom', 'sqli/union-select'],
    ['1unionallselect2', 'sqli/union-select'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('sqli');
    expect(hit?.point).toBe('query.id');
    expect(hit?.score).toBeGreaterThanOrEqual(0.8);
  });

  it.each([
    'select the best option from the menu',
    "O'Reilly",
    '1 OR 2 items',
    'drop me a line; or call',
    "Mr. O'Brien and Mrs. O'Neil",
    "it's 5 o'clock; let's go",
    "D'Angelo's pizza -- the best!",
    "rock'n'roll -- live",
    '{"user":"bob","or":1,"note":"a = b"}',
    '{"query":"select * from products","page":1}',
    "john.o'connor@example.com",
    'price >= 10 and price <= 20',
    "I'd like 2 or 3 = 5 options",
    '3 or 4 = 7 apples',
    '5\' 11" tall',
    '<a href="#top">top</a>',
    "I'm #1 in the world",
    'delete from the list',
    'insert into the box please',
    'drop table tennis',
    'create table of contents',
    'Benchmark (2024) results',
    'sleep (eight hours)',
    'Union Station, Chicago',
    'order by price desc',
    '2024-01-05T10:00:00Z',
    '550e8400-e29b-41d4-a716-446655440000',
    'dGhpcyBpcyBiYXNlNjQ=',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    "https://example.com/search?q=it's&x=1",
    'c++ or java',
    "What's 2+2? Or 3*3?",
    "can't union; select all members",
    "it's true or false",
    'select one from the list',
    'declare war',
    "l'été est là; où est l'hiver",
    'Guns N\' Roses or AC/DC',
    "name = 'bob' or name = 'alice'",
    "Name eq 'Milk' and Price lt 2.55",
    'title:"foo bar" AND author:smith',
    '(title:foo OR title:bar) AND year:[2000 TO 2010]',
    '{"query":"query { user(id: 1) { name } }","variables":{}}',
    '{"items":[{"id":1,"name":"O\'Brien"},{"id":2,"name":"D\'Arcy"}]}',
    "Let's meet at 5 o'clock -- or 6",
    'he\'s 6\' tall and 200 lbs (or so)',
    "The 'order by' clause",
    '`select * from users` is slow',
    'case when the tide turns then we go',
    ') like (this)',
    'Select (All)',
    'select (one) option',
    'Northwind Traders',
    'now()',
    'upper(name)',
    'if(a > b, 1, 0)',
    'count(3)',
    'Northwind Traders Ltd',
    'schema_name_v2',
    '4294967296',
    '2147483647',
    '/*! jQuery v3.7.1 | (c) OpenJS Foundation */',
    '/*!important note*/',
    'v1.e.g. release',
    'see fig. 1.e(2)',
    'known as "from dusk till dawn"',
    'she signed as "From a friend"',
    '{"a":[1,2]} and {"b":3}',
    "the value '[1,2]' is a list",
    '`code` regexp is fun',
    'a div (b) c',
    'Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/118.0',
    'https://shop.example.com/orders?id=12&sort=desc#items',
    'Leave it at the door; ring twice (please)',
    'truncate[text]',
    'reunionselection',
    'Union Select Committee',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given weaker shapes, when the paranoia rises, then they are reported only at the higher levels', () => {
    expect(inspect('drop table tennis', 1)).toBeNull();
    expect(inspect('drop table tennis', 2)?.detector).toBe('sqli/statement');
    expect(inspect("x' and", 2)).toBeNull();
    expect(inspect("x' and", 4)?.detector).toBe('sqli/keyword-after-break-out');
    expect(inspect('4294967296', 1)).toBeNull();
    expect(inspect('4294967296', 2)?.detector).toBe('sqli/overflow-number');
  });

  it('given an injection after a prefix, when inspected, then the payload is the excerpt from just before the injected SQL', () => {
    const hit = inspect(`${'a'.repeat(300)}' union select 1,2--`);
    expect(hit?.payload.startsWith('a')).toBe(true);
    expect(hit?.payload).toContain("' union select 1,2--");
    expect(hit?.payload.length).toBeLessThanOrEqual(200);
  });
});

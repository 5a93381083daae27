import type { Paranoia } from '../types';
import { phpDetector } from './php.detector';

const inspect = (value: string, paranoia: Paranoia = 1) => phpDetector.inspect({ point: 'query.file', value, raw: value }, { paranoia });

describe('phpDetector', () => {
  it.each([
    ['<?php system($_GET["c"]); ?>', 'php/open-tag'],
    ['<?=`id`?>', 'php/open-tag'],
    ["system('id');", 'php/function-call'],
    ['x;shell_exec($c)', 'php/function-call'],
    ['eval(base64_decode("ZWNobyAxOw=="))', 'php/function-call'],
    ['php://input', 'php/stream-wrapper'],
    ['php://filter/convert.base64-encode/resource=index.php', 'php/stream-wrapper'],
    ['expect://id', 'php/stream-wrapper'],
    ['phar://uploads/avatar.jpg/x', 'php/stream-wrapper'],
    ['data://text/plain;base64,PD9waHAgcGhwaW5mbygpOz8+', 'php/stream-wrapper'],
    ['O:8:"stdClass":1:{s:4:"file";s:11:"/etc/passwd";}', 'php/serialized-object'],
    ['a:1:{i:0;O:7:"Exploit":0:{}}', 'php/serialized-object'],
    ['$_GET[cmd]', 'php/superglobal'],
    ["echo $_SERVER['HTTP_HOST']", 'php/superglobal'],
    ['base64_decode()', 'php/function-call'],
    ["exec\n('id')", 'php/function-call'],
    ['$a(1)', 'php/dynamic-call'],
    ["@$__[o](4)", 'php/dynamic-call'],
    ["${'ff'}", 'php/dynamic-call'],
    ['$__[$_[1]](7)', 'php/dynamic-call'],
    ['${@a}(10)', 'php/dynamic-call'],
    ["(system)('uname');", 'php/function-call'],
    ['"sys"."t"."em" (\'uname\');', 'php/function-call'],
    ['php://stdout', 'php/stream-wrapper'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.type).toBe('php');
    expect(hit?.point).toBe('query.file');
    expect(hit?.detector).toBe(detector);
  });

  it.each([
    'the system (as designed) works',
    'please include (if possible) a photo',
    'Costs $5 (GET one free)',
    'https://example.com/php/docs',
    '<?xml version="1.0"?><a/>',
    'O:8 is a seat number',
    '{"a":{"b":1}}',
    'mail me at bob@example.com',
    'file(s) attached',
    'it costs $5 (five dollars)',
    'Total: ${price}',
    'see the assert() macro in C',
    '"quoted" (aside) text',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given a bare superglobal name, when inspected at paranoia 1, then it is a superglobal hit', () => {
    expect(inspect('print $_SERVER please', 1)?.detector).toBe('php/superglobal');
  });

  it('given a PHP file name in an upload, when inspected, then it is a script upload', () => {
    const hit = phpDetector.inspect({ point: 'body.avatar#filename', value: 'shell.phtml', raw: 'shell.phtml' }, { paranoia: 1 });
    expect(hit?.detector).toBe('php/script-upload');
    expect(phpDetector.inspect({ point: 'body.avatar#filename', value: 'photo.jpg', raw: 'photo.jpg' }, { paranoia: 1 })).toBeNull();
  });
});

describe('phpDetector on obfuscated code', () => {
  const inspect = (value: string, paranoia: Paranoia = 1, point = 'query.q') => phpDetector.inspect({ point, value, raw: value }, { paranoia });

  it.each([
    ['[php]echo 1;[/php]', 'php/open-tag'],
    ['code{/php}', 'php/open-tag'],
    ['<? php echo 1', 'php/open-tag'],
    ["<?\techo 'x'; ?>", 'php/open-tag'],
    ['<?xml :system("id");', 'php/open-tag'],
    ['<?xml   ();echo 1;', 'php/open-tag'],
    ['abc<?', 'php/open-tag'],
    ['allow_url_include=on', 'php/ini-directive'],
    ['auto_prepend_file=/tmp/x.txt', 'php/ini-directive'],
    ['engine=true', 'php/ini-directive'],
    ['opcache.enable=0', 'php/ini-directive'],
    ['memory_limit = 512M', 'php/ini-directive'],
    ['XYZcall_user_func()', 'php/function-call'],
    ['Shell_exec=(x)', 'php/function-call'],
    ['exec  (id)', 'php/function-call'],
    ['exec /*c*/ (id)', 'php/function-call'],
    ['exec #c\n (id)', 'php/function-call'],
    ['FILE\r\n()', 'php/function-call'],
    ['chr(112)', 'php/function-call'],
    ['base64_decode(', 'php/function-call'],
    ['"\\x73ystem"(ls);', 'php/function-call'],
    ['(system)(id)', 'php/function-call'],
    ['[ system ][ 0 ]( ls );', 'php/function-call'],
    ["(['system'])[0]('id');", 'php/function-call'],
    ['$OO00{0}(15)', 'php/dynamic-call'],
    ['$OOO0000O0 (16)', 'php/dynamic-call'],
    ['$fn /*x*/ (1)', 'php/dynamic-call'],
    ['$fn\r\n (1)', 'php/dynamic-call'],
    ['$     {   CONSTANT   }', 'php/dynamic-call'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    expect(inspect(payload)?.detector).toBe(detector);
  });

  it.each([
    'engine=google',
    'precision=high',
    'search engine=true love',
    'a=1&b=2',
    'see [the docs](https://example.com/system)',
    'the assert() feature in C',
    '$TSLA (Tesla) rose',
    'the file (pdf) is attached',
    'execute (quickly) please',
    'PHP is fun',
    '<?xml version="1.0"?><a/>',
    '"hello" (she said)',
    'the "system" (as a whole)',
    '$price (USD)',
    '$item_1 (red)',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given a PHP session file name in an upload, when inspected, then it is a session file upload', () => {
    expect(inspect('/tmp/sess_d8ew88tqmabdcokhumchy8htqm', 1, 'header.x-filename')?.detector).toBe('php/session-file-upload');
    expect(inspect('shell.php5...', 1, 'header.x.filename')?.detector).toBe('php/script-upload');
  });

  it('given prose about assert() or an unexpanded variable in a path, when inspected at paranoia 2, then there is no hit', () => {
    expect(inspect('assert()+feature.+if+an+assertion', 2)).toBeNull();
    expect(inspect('/scripts/"${WEBLOC}/view.php', 2, 'path')).toBeNull();
  });
});

describe('phpDetector on adversarial input', () => {
  it.each([
    ['variables', '$a '.repeat(30000) + 'x'],
    ['open comments', 'exec /*'.repeat(20000)],
    ['line comments', 'exec #'.repeat(20000)],
    ['brackets', '$a' + '['.repeat(50000)],
    ['words before a parenthesis', 'abc '.repeat(50000) + '('],
    ['one long identifier', 'a'.repeat(100000) + '('],
  ])('given a long run of %s, when inspected at paranoia 4, then it returns within a second', (_name, value) => {
    const started = performance.now();
    phpDetector.inspect({ point: 'query.q', value, raw: value }, { paranoia: 4 });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ["define('x', 'sys' . 'tem');(x)/* comment */('uname');", 'php/concatenated-function'],
    ["define('z', [['sys' .'tem']]);(z)[0][0]('uname');", 'php/concatenated-function'],
    ["(string) {[system][0]} ('uname');", 'php/variable-function'],
    ['(  [  system  ][  0  ])  {/* comment */0}  (  ls  );', 'php/variable-function'],
  ])('given the hidden function name in %j, when inspected at paranoia 1, then it is a %s hit', (text, detector) => {
    expect(phpDetector.inspect({ point: 'query.x', value: text, raw: text }, { paranoia: 1 })?.detector).toBe(detector);
  });

  it.each(["'a' . 'b' is string concatenation", 'items[first][0]', "'my' . 'self'", '[note][0] see footnote'])('given %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(phpDetector.inspect({ point: 'query.x', value: text, raw: text }, { paranoia: 1 })).toBeNull();
  });
});

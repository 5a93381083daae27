import { phpFunctionNames933150, phpVariables } from '../data/phrase-lists.generated';
import { excerpt } from '../points/excerpt';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * PHP injection: an open tag with code after it (`<?php`, `<?=`), a call of a dangerous PHP function
 * with an argument list (`system('id')`, `base64_decode ( $x )`), PHP stream wrappers
 * (`php://input`, `expect://`, `phar://`, `data://`), serialized PHP objects (`O:8:"stdClass":1:{…}`)
 * and superglobals (`$_GET[`, `$_SERVER`).
 */

type Finding = { shape: string; score: number; paranoia: Paranoia; start: number };

const dangerousFunctions = new Set(phpFunctionNames933150.map((name) => name.toLowerCase()));
/** Functions that run code or commands or read files: a call of one is an attack even in a short value. */
const executingFunctions = new Set([
  'system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'eval', 'assert', 'create_function',
  'call_user_func', 'call_user_func_array', 'preg_replace', 'include', 'require', 'include_once', 'require_once',
  'file_get_contents', 'file_put_contents', 'fopen', 'readfile', 'unserialize', 'base64_decode', 'gzinflate', 'str_rot13',
  'phpinfo', 'fwrite', 'move_uploaded_file', 'show_source', 'highlight_file', 'array_map', 'usort', 'ini_set', 'putenv', 'mail',
]);
/** Dangerous function names that are also English words: they need more than a parenthesis. */
const englishWords = new Set(['system', 'exec', 'assert', 'include', 'require', 'mail', 'print', 'file', 'list', 'date', 'each', 'key', 'next', 'reset', 'end', 'count', 'range', 'link', 'stat', 'touch', 'copy', 'rename', 'delete', 'header', 'dirname', 'settype', 'getenv', 'readdir']);
const superglobals = phpVariables.filter((name) => /^\$[_A-Z]/.test(name)).map((name) => name.replace(/[^\w$]/g, ''));
const wrappers = /\b(php:\/\/(?:input|filter|fd|memory|temp|stdin|stdout|stderr|output)|expect:\/\/|phar:\/\/|zip:\/\/|compress\.(?:zlib|bzip2):\/\/|glob:\/\/|data:\/\/|data:text\/plain;base64,|ogg:\/\/|rar:\/\/|ssh2\.\w+:\/\/)/i;
const serializedObject = /(?:^|[;{(\s"'])[OC]:\d{1,5}:"[A-Za-z_\\][\w\\]{0,200}":\d{1,6}:\{/;
const serializedArray = /(?:^|[;{])a:\d{1,6}:\{(?:[isbd]:|N;)/;

function findCall(value: string): Finding | null {
  const call = /([A-Za-z_][A-Za-z0-9_]{1,40})\s*(?:\/\*.{0,40}?\*\/\s*)?\(/g;
  let match: RegExpExecArray | null;
  let count = 0;
  let best: Finding | null = null;
  while ((match = call.exec(value)) !== null && count++ < 32) {
    const name = match[1].toLowerCase();
    if (match.index > 0 && /[\w$>:.]/.test(value[match.index - 1]) && value[match.index - 1] !== '.') continue;
    if (!dangerousFunctions.has(name) && !executingFunctions.has(name)) continue;
    const after = value.slice(match.index + match[0].length, match.index + match[0].length + 200);
    // An argument list that looks like code: a string, a variable, a nested call, a constant, or empty with `)`.
    const argument = /^\s*(?:["'`$]|[A-Za-z_]\w*\s*[(,)]|\d+\s*\))/.test(after);
    const empty = /^\s*\)/.test(after);
    if (!argument && !empty) continue;
    const executing = executingFunctions.has(name);
    const gap = match[0].slice(match[1].length, -1);
    // Prose puts a space before a parenthesis; code puts nothing, or a newline or comment to dodge filters.
    const codeLike = !/ /.test(gap) || /[\r\n\t]|\/\*/.test(gap) || /;|\?>/.test(after);
    // The 933150 list holds names that only PHP code contains (`base64_decode`, `str_rot13`): a call of
    // one is enough. Plain words (`system`, `assert`, `mail`) need an argument list that looks like code:
    // `assert()` in prose about C is not an attack.
    const paranoia: Paranoia = (dangerousFunctions.has(name) && !englishWords.has(name)) || (executing && (argument || name === 'phpinfo') && codeLike) ? 1 : 2;
    const finding: Finding = { shape: 'function-call', score: executing ? 0.85 : 0.6, paranoia, start: match.index };
    if (best === null || finding.paranoia < best.paranoia) best = finding;
    if (best.paranoia === 1) break;
  }
  return best;
}

/** Where a file name arrives: a multipart part's file name, or the headers some upload APIs use. */
function uploadPoint(point: string): boolean {
  return point.endsWith('#filename') || point === 'header.x-filename' || point === 'header.x_filename' || point === 'header.x-file-name';
}

/** A file the server would run as PHP: `shell.php`, `a.phtml`, `photo. php`, `x.php.jpg` is left to the server's rules. */
const scriptFileName = /\.\s*(?:php\d?|phtml|phar|pht|phps|pgif|inc)\s*$/i;

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  const findings: Finding[] = [];
  if (value.includes('<?')) {
    const tag = /<\?(?:php\b|=|\s)\s*\S/i.exec(value);
    if (tag !== null) findings.push({ shape: 'open-tag', score: 0.9, paranoia: /<\?(?:php|=)/i.test(tag[0]) ? 1 : 2, start: tag.index });
  }
  if (value.includes(':/') || value.includes('data:')) {
    const wrapper = wrappers.exec(value);
    if (wrapper !== null) findings.push({ shape: 'stream-wrapper', score: 0.85, paranoia: 1, start: wrapper.index });
  }
  if (value.includes(':{')) {
    const object = serializedObject.exec(value);
    const array = object === null ? serializedArray.exec(value) : null;
    if (object !== null) findings.push({ shape: 'serialized-object', score: 0.9, paranoia: 1, start: object.index });
    else if (array !== null) findings.push({ shape: 'serialized-object', score: 0.6, paranoia: 2, start: array.index });
  }
  if (uploadPoint(input.point) && scriptFileName.test(value)) findings.push({ shape: 'script-upload', score: 0.85, paranoia: 1, start: 0 });
  if (value.includes('$')) {
    // `$a(1)`, `$$b(2)`, `@$__[o](4)`: a call through a variable; `${'a'}`, `$ {$b}`: a variable variable.
    const dynamic = /\$+[A-Za-z_\x7f-\uffff][\w\x7f-\uffff]{0,40}(?:\[[^()]{0,60}\])?\(|\$\{[^{}]{0,40}\}\s*\(|\$\s*\{\s*['"$@]/.exec(value);
    if (dynamic !== null) findings.push({ shape: 'dynamic-call', score: 0.8, paranoia: 1, start: dynamic.index });
    // `${a}`, `$ { CONSTANT }`: also how templates and prices are written (`${price}`), so paranoia 2.
    const variableVariable = dynamic === null ? /\$\s*\{\s*[A-Za-z_]/.exec(value) : null;
    if (variableVariable !== null) findings.push({ shape: 'dynamic-call', score: 0.5, paranoia: 2, start: variableVariable.index });
    for (const name of superglobals) {
      const at = value.indexOf(name);
      if (at < 0) continue;
      const nextChar = value[at + name.length] ?? '';
      if (/\w/.test(nextChar)) continue;
      findings.push({ shape: 'superglobal', score: 0.8, paranoia: 1, start: at });
      break;
    }
  }
  if (value.includes('(')) {
    const call = findCall(value);
    if (call !== null) findings.push(call);
    // `(system)('id');`, `"sys"."tem"('id');`: a function name built from an expression, then called.
    const built = /(?:\)|["'])\s*\(\s*["'$][^)]{0,100}\)\s*;/.exec(value);
    if (built !== null) findings.push({ shape: 'function-call', score: 0.7, paranoia: 1, start: Math.max(0, built.index - 40) });
  }
  let best: Finding | null = null;
  for (const finding of findings) {
    if (finding.paranoia <= options.paranoia && (best === null || finding.score > best.score)) best = finding;
  }
  if (best === null) return null;
  return { type: 'php', point: input.point, payload: excerpt(value, best.start, best.start + 200), score: best.score, detector: `php/${best.shape}` };
}

export const phpDetector: Detector = { name: 'php', type: 'php', inspect };

import { phpFunctionNames933150, phpVariables } from '../data/phrase-lists.generated';
import { excerpt } from '../points/excerpt';
import { isUploadPoint } from '../points/upload';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * PHP injection: an open tag with code after it (`<?php`, `<? echo`, `<?xml :system(…)`) or a template's
 * PHP marker (`[php]`, `{/php}`); a call of a dangerous PHP function with an argument list
 * (`system('id')`, `base64_decode ( $x )`, `exec /*c*\/ (x)`, `FOOcall_user_func()`), also through a
 * variable (`$a[0] (1)`) or a name written as a string or in brackets (`"system"(…)`, `[system][0](…)`);
 * a php.ini directive set by a whole value (`allow_url_include=on`); PHP stream wrappers (`php://input`,
 * `expect://`, `phar://`, `data://`); serialized PHP objects (`O:8:"stdClass":1:{…}`); superglobals
 * (`$_GET[`, `$_SERVER`); and uploads of PHP scripts or session files.
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

/** Names that only PHP code contains, beyond the 933150 list: a call of one is enough at any spacing. */
const phpOnlyNames = new Set(['chr', 'intval', 'printf', 'sprintf', 'strip_tags', 'filegroup', 'fileowner', 'assert_options', 'fsockopen', 'gzdecode', 'gzuncompress', 'zlib_decode', 'strrev', 'ord', 'hex2bin', 'bin2hex', 'htmlspecialchars_decode', 'get_defined_vars', 'var_dump', 'print_r', 'var_export']);

/**
 * The gap between a function name and its `(`: spaces, tabs, newlines and comments (`/* *\/`, `//…\n`,
 * `#…\n`). Returns where the gap ends and whether it holds anything but single spaces, which code uses
 * to slip past filters and prose does not.
 */
function skipCallGap(value: string, from: number): { end: number; obfuscated: boolean; spaces: number } {
  let j = from;
  let obfuscated = false;
  let spaces = 0;
  for (let guard = 0; guard < 16 && j < value.length; guard++) {
    const c = value.charCodeAt(j);
    if (c === 32) {
      spaces++;
      j++;
    } else if (c === 9 || c === 10 || c === 13) {
      obfuscated = true;
      j++;
    } else if (c === 47 /* / */ && value.charCodeAt(j + 1) === 42 /* * */) {
      const close = value.indexOf('*/', j + 2);
      if (close < 0 || close - j > 80) break;
      obfuscated = true;
      j = close + 2;
    } else if ((c === 47 && value.charCodeAt(j + 1) === 47) || c === 35 /* # */) {
      const newline = value.indexOf('\n', j);
      if (newline < 0 || newline - j > 80) break;
      obfuscated = true;
      j = newline + 1;
    } else break;
  }
  return { end: j, obfuscated, spaces };
}

/** The listed name that `identifier` ends with, for names glued to a prefix (`FOOcall_user_func(`). */
function listedSuffix(identifier: string): string | null {
  for (let k = 1; k + 6 <= identifier.length; k++) {
    const tail = identifier.slice(k);
    if (dangerousFunctions.has(tail) && !englishWords.has(tail)) return tail;
  }
  return null;
}

/** An identifier, then a gap of whitespace or comments (or a `=`), then `(`: a call candidate. */
const identifierBeforeParen = /([A-Za-z_][A-Za-z0-9_]{1,60})(?:[ \t\r\n]|\/\*[^]{0,80}?\*\/|\/\/[^\n]{0,80}\n|#[^\n]{0,80}\n){0,16}=?\(/g;

/** Prefixes of PHP extension function names (`mysqli_query`, `ldap_bind`, `tidy_parse_string`). */
const extensionFunction = /^(?:date|ldap|tidy|mysql|mysqli|pg|curl|mb|str|array|ftp|gz|xml|xmlrpc|json|preg|posix|openssl|ob|session|stream|socket|proc|pcntl|ini|imap|zip|bz|hash|iconv|intl|libxml|image|exif|dba|odbc|sqlite|oci|apache|func|call|create|get_defined|set_error|register_shutdown|spl|var|serialize|fsock|highlight|show|php|zend|opcache|filter|token)_[a-z0-9_]+$/;

function findCall(value: string): Finding | null {
  identifierBeforeParen.lastIndex = 0;
  let match: RegExpExecArray | null;
  let count = 0;
  let best: Finding | null = null;
  while ((match = identifierBeforeParen.exec(value)) !== null && count++ < 48) {
    const identifier = match[1].toLowerCase();
    const nameEnd = match.index + match[1].length;
    // `Shell_exec=(bla)`: an assignment of a call-like value to a listed name.
    const assigned = value.charCodeAt(nameEnd) === 61 && value.charCodeAt(nameEnd + 1) === 40;
    const gap = assigned ? { end: nameEnd + 1, obfuscated: true, spaces: 0 } : skipCallGap(value, nameEnd);
    if (value.charCodeAt(gap.end) !== 40 /* ( */) {
      identifierBeforeParen.lastIndex = nameEnd;
      continue;
    }
    const prev = match.index > 0 ? value[match.index - 1] : '';
    if (prev !== '' && /[\w$>:]/.test(prev)) continue;
    let name = identifier;
    let glued = false;
    if (!dangerousFunctions.has(name) && !executingFunctions.has(name) && !phpOnlyNames.has(name) && !(englishWords.has(name) && gap.obfuscated)) {
      const tail = listedSuffix(identifier);
      if (tail === null) {
        // `date_add()`, `ldap_get_entries($c)`: a name of a PHP extension's function, from paranoia 2.
        if (best === null && gap.end === nameEnd && extensionFunction.test(identifier) && /^\s*(?:\)|["'$])/.test(value.slice(gap.end + 1, gap.end + 40))) {
          best = { shape: 'function-call', score: 0.5, paranoia: 2, start: match.index };
        }
        continue;
      }
      name = tail;
      glued = true;
    }
    const after = value.slice(gap.end + 1, gap.end + 201);
    // An argument list that looks like code: a string, a variable, a nested call, a constant, or empty with `)`.
    const argument = /^\s*(?:["'`$]|[A-Za-z_]\w*\s*[(,)]|\d+\s*\))/.test(after);
    const empty = /^\s*\)/.test(after);
    const unfinished = after.length === 0;
    if (!argument && !empty && !(unfinished && !englishWords.has(name))) continue;
    const executing = executingFunctions.has(name);
    const english = englishWords.has(name);
    // `the assert() feature`: an empty call of a plain word, with prose after it, names the function.
    if (english && empty && !gap.obfuscated && !/^\s*\)\s*(?:[;)]|\?>|$)/.test(after)) continue;
    // Prose puts one space before a parenthesis; code puts nothing, or a newline, a comment or a run of
    // spaces to dodge filters.
    const codeLike = gap.spaces === 0 || gap.obfuscated || gap.spaces >= 2 || /;|\?>/.test(after);
    // The 933150 list holds names that only PHP code contains (`base64_decode`, `str_rot13`): a call of
    // one is enough. Plain words (`system`, `assert`, `mail`) need an argument list that looks like code:
    // `assert()` in prose about C is not an attack.
    let paranoia: Paranoia = 2;
    if (!english && (dangerousFunctions.has(name) || glued)) paranoia = 1;
    else if (phpOnlyNames.has(name) && (codeLike || name.includes('_'))) paranoia = 1;
    else if (!english && executing && codeLike) paranoia = 1;
    else if (executing && codeLike && (argument || name === 'phpinfo') && !(empty && gap.spaces > 0 && !gap.obfuscated)) paranoia = 1;
    else if (english && gap.obfuscated && (argument || empty)) paranoia = 1;
    const finding: Finding = { shape: 'function-call', score: executing ? 0.85 : 0.6, paranoia, start: match.index };
    if (best === null || finding.paranoia < best.paranoia) best = finding;
    if (best.paranoia === 1) break;
  }
  return best;
}

/**
 * `"system"('id')`, `('sys'.'tem')(…)`, `"\x73ystem"(…)`, `(system)(ls)`, `[system][0](ls)`: a function
 * name written as a string or wrapped in brackets, then called.
 */
const quotedCallee = /(["'])\s*((?:[A-Za-z_]|\\x[0-9a-fA-F]{2})(?:[\w]|\\x[0-9a-fA-F]{2}){1,40})\s*\1\)?\(/g;
const bracketedCallee = /[([]\s*[([]?\s*(?:\/\*[^*]{0,40}\*\/\s*)?['"]?([A-Za-z_]\w{1,30})['"]?\s*[)\]]\s*[)\]]?(?:\s*\[\s*\d{1,3}\s*\])*\s*\)?\s*(?:\/\*[^*]{0,40}\*\/\s*)?\(\s*(?!https?:|\/|#|\.)/g;

function decodeHexEscapes(text: string): string {
  return text.includes('\\x') ? text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function findBuiltCall(value: string): Finding | null {
  for (const pattern of [quotedCallee, bracketedCallee]) {
    pattern.lastIndex = 0;
    let match: RegExpExecArray | null;
    for (let count = 0; count < 16 && (match = pattern.exec(value)) !== null; count++) {
      const name = decodeHexEscapes(match[pattern === quotedCallee ? 2 : 1]).toLowerCase();
      if (executingFunctions.has(name) || (dangerousFunctions.has(name) && !englishWords.has(name))) {
        return { shape: 'function-call', score: 0.8, paranoia: 1, start: match.index };
      }
    }
  }
  return null;
}

/**
 * `$a(1)`, `$OOO000000{0}(15)`, `$_aB_4c[5]['d'] /*lol*\/ (17)`, `$function\r\n (23)`: a call through a
 * variable, with subscripts, comments or line breaks between the name and the `(`.
 */
/** Where the bracket opened at `open` closes (nesting counted), within 60 characters and without a `(`; -1 otherwise. */
function matchingClose(value: string, open: number): number {
  let depth = 0;
  for (let k = open; k < value.length && k - open <= 60; k++) {
    const c = value[k];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return k;
    } else if (c === '(') return -1;
  }
  return -1;
}

function findVariableCall(value: string): Finding | null {
  let from = 0;
  for (let tries = 0; tries < 16; tries++) {
    const dollar = value.indexOf('$', from);
    if (dollar < 0) return null;
    from = dollar + 1;
    let j = dollar + 1;
    while (value.charCodeAt(j) === 36) j++;
    const nameStart = j;
    while (j < value.length && /[\w\x7f-\uffff]/.test(value[j])) j++;
    const name = value.slice(nameStart, j);
    if (name.length === 0 || /^\d/.test(name)) continue;
    let sawObfuscation = false;
    let plainSpaces = false;
    for (let guard = 0; guard < 8; guard++) {
      const gap = skipCallGap(value, j);
      if (gap.obfuscated) sawObfuscation = true;
      if (gap.spaces > 0) plainSpaces = true;
      j = gap.end;
      const c = value[j];
      if (c !== '[' && c !== '{') break;
      const close = matchingClose(value, j);
      if (close < 0) break;
      sawObfuscation = true;
      j = close + 1;
    }
    if (value[j] !== '(') continue;
    // `$TSLA (Tesla)`, `$price (USD)`: prose. After a plain space, only an obfuscator's name (`$OOO0000O0`)
    // with a code-like argument (`(16)`, `('x')`, `($y)`, `()`) reads as a call.
    if (plainSpaces && !sawObfuscation && (!/[\d_]/.test(name) || !/^\(\s*(?:\d+\s*\)|["'$)])/.test(value.slice(j, j + 40)))) continue;
    return { shape: 'dynamic-call', score: 0.8, paranoia: 1, start: dollar };
  }
  return null;
}

/**
 * `engine=true`, `allow_url_include=on`, `auto_prepend_file=/tmp/x`: a whole value that sets a php.ini
 * directive, as a `.user.ini` or `-d` injection does.
 */
const iniDirectives = new Set([
  'engine', 'extension', 'zend_extension', 'extension_dir', 'allow_url_include', 'allow_url_fopen', 'auto_prepend_file', 'auto_append_file',
  'open_basedir', 'disable_functions', 'disable_classes', 'safe_mode', 'memory_limit', 'precision', 'smtp', 'smtp_port', 'sendmail_path',
  'include_path', 'unserialize_max_depth', 'error_log', 'log_errors', 'display_errors', 'display_startup_errors', 'file_uploads',
  'upload_tmp_dir', 'register_globals', 'magic_quotes_gpc', 'short_open_tag', 'doc_root', 'user_dir', 'enable_dl', 'output_buffering',
  'max_execution_time', 'error_reporting', 'expose_php', 'user_ini.filename', 'session.save_path', 'session.save_handler',
  'cgi.force_redirect', 'assert.active', 'phar.readonly', 'pcre.backtrack_limit', 'pcre.jit', 'post_max_size', 'upload_max_filesize',
  'auto_detect_line_endings', 'default_charset', 'serialize_precision', 'variables_order', 'request_order', 'html_errors', 'xmlrpc_errors',
]);
const iniLine = /^\s*([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)?)\s*=\s*("[^"\n]*"|[^\s=&;]*)\s*$/i;
const iniValue = /^(?:on|off|true|false|yes|no|none|null|-?\d+[kmg]?|"[^"]*"|[/\\~.][^\s]*|[a-z]:\\.*)$/i;

function findIniDirective(value: string): Finding | null {
  if (value.length > 400) return null;
  const lines = value.split('\n');
  let start = 0;
  for (const line of lines) {
    const m = iniLine.exec(line);
    if (m !== null) {
      const name = m[1].toLowerCase();
      const known = iniDirectives.has(name) || name.startsWith('mbstring.') || name.startsWith('opcache.');
      if (known && (iniValue.test(m[2]) || name.includes('.') || name.includes('_'))) {
        return { shape: 'ini-directive', score: 0.75, paranoia: 1, start };
      }
    }
    start += line.length + 1;
  }
  return null;
}

/** `[php]…[/php]`, `{php}`, `<? php`, `<?xml :echo 1;`: markers that open or close PHP code in a template or a value. */
const pseudoTags = /\[\/?php\]|\[\\php\]|\{\/?php\}/i;
const spacedOpenTag = /<\?\s*(?:php\b|=|(?:echo|print|system|exec|passthru|eval|include|require|if|foreach|\$)|xml\s*:)/i;

function findOpenTag(value: string): Finding | null {
  const lt = value.indexOf('<?');
  if (lt >= 0) {
    const tag = spacedOpenTag.exec(value);
    if (tag !== null) return { shape: 'open-tag', score: 0.9, paranoia: 1, start: tag.index };
    if (/<\?\s*$/.test(value)) return { shape: 'open-tag', score: 0.6, paranoia: 1, start: value.length - 2 };
    const xml = /<\?xml\s+(?![a-z_][\w.-]*\s*=|\?>)\S/i.exec(value);
    if (xml !== null) return { shape: 'open-tag', score: 0.75, paranoia: 1, start: xml.index };
    const loose = /<\?\s+\S/.exec(value);
    if (loose !== null) return { shape: 'open-tag', score: 0.7, paranoia: 2, start: loose.index };
  }
  if (value.includes('php') || value.includes('PHP') || value.includes('Php')) {
    const pseudo = pseudoTags.exec(value);
    if (pseudo !== null) return { shape: 'open-tag', score: 0.75, paranoia: 1, start: pseudo.index };
  }
  return null;
}

/** `sess_<id>`: a PHP session file, uploaded to plant a session. */
const sessionFileName = /(?:^|[/\\])sess_[\w,-]{20,}$/i;

const concatenatedStrings = /(?:(['"])\w{1,30}\1\s*\.\s*)+(['"])\w{1,30}\2/g;
const arrayOfName = /\[\s*([A-Za-z_]\w{1,30})\s*\]\s*\[\s*0\s*\]/g;

/**
 * A function name hidden from a filter and called through a value: glued from strings
 * (`'sys' . 'tem'`, as in `define('x', 'sys'.'tem'); (x)('id')`) or taken out of an array of a bare
 * constant (`[system][0]`, which older PHP reads as the string `system`).
 */
function hiddenFunctionName(value: string): Finding | null {
  concatenatedStrings.lastIndex = 0;
  for (let match = concatenatedStrings.exec(value), tries = 0; match !== null && tries < 8; match = concatenatedStrings.exec(value), tries++) {
    const name = match[0].replace(/['"\s.]/g, '').toLowerCase();
    if (executingFunctions.has(name)) return { shape: 'concatenated-function', score: 0.7, paranoia: 1, start: match.index };
  }
  arrayOfName.lastIndex = 0;
  for (let match = arrayOfName.exec(value), tries = 0; match !== null && tries < 8; match = arrayOfName.exec(value), tries++) {
    if (executingFunctions.has((match[1] ?? '').toLowerCase())) return { shape: 'variable-function', score: 0.7, paranoia: 1, start: match.index };
  }
  return null;
}

/** `${'a'}`, `$ {$b}`, `$     {   CONSTANT   }`: braces that name a variable by an expression, or spaced as no template writes them. */
function dynamicBrace(value: string): Finding | null {
  const brace = /\$\{[^{}]{0,40}\}\s*\(|\$\s*\{\s*['"$@]|\$\s+\{\s*[A-Za-z_]/.exec(value);
  return brace === null ? null : { shape: 'dynamic-call', score: 0.8, paranoia: 1, start: brace.index };
}

/** A file the server would run as PHP: `shell.php`, `a.phtml`, `photo. php`, `x.php.jpg` is left to the server's rules. */
const scriptFileName = /\.\s*(?:php\d{0,4}|phtml|phar|pht|phpt|phps|pgif|inc)[\s.]*$/i;

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  const findings: Finding[] = [];
  const tag = value.includes('<?') || value.includes('hp') || value.includes('HP') ? findOpenTag(value) : null;
  if (tag !== null) findings.push(tag);
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
  if (isUploadPoint(input.point)) {
    if (scriptFileName.test(value)) findings.push({ shape: 'script-upload', score: 0.85, paranoia: 1, start: 0 });
    else if (sessionFileName.test(value)) findings.push({ shape: 'session-file-upload', score: 0.8, paranoia: 1, start: 0 });
  }
  if (value.includes('=') && value.length <= 400) {
    const directive = findIniDirective(value);
    if (directive !== null) findings.push(directive);
  }
  if (value.includes('$')) {
    // `$a(1)`, `$$b(2)`, `@$__[o](4)`, `$x /*c*\/ (5)`: a call through a variable; `${'a'}`, `$ {$b}`, `$ { A }`: a variable variable.
    const dynamic = findVariableCall(value) ?? dynamicBrace(value);
    if (dynamic !== null) findings.push(dynamic);
    // `${a}`: also how templates and prices are written (`${price}`), so paranoia 2, and never in a path
    // (`/${WEBLOC}/`, an unexpanded server variable).
    const variableVariable = dynamic === null && input.point !== 'path' ? /\$\{\s*[A-Za-z_]/.exec(value) : null;
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
    else {
      const named = findBuiltCall(value);
      if (named !== null) findings.push(named);
    }
  }
  // After the call shapes, so that where one of them reads the same code its name is kept.
  if (value.includes('.') || value.includes('[')) {
    const hidden = hiddenFunctionName(value);
    if (hidden !== null) findings.push(hidden);
  }
  let best: Finding | null = null;
  for (const finding of findings) {
    if (finding.paranoia <= options.paranoia && (best === null || finding.score > best.score)) best = finding;
  }
  if (best === null) return null;
  return { type: 'php', point: input.point, payload: excerpt(value, best.start, best.start + 200), score: best.score, detector: `php/${best.shape}` };
}

export const phpDetector: Detector = { name: 'php', type: 'php', inspect };

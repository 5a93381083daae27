import {
  restrictedUpload,
  unixShell,
  unixShellAliases,
  unixShellBuiltins,
  windowsPowershellCommands,
} from '../data/phrase-lists.generated';
import { excerpt, isUploadPoint } from '../points';
import type { Detector, DetectionOptions, Hit, InspectedValue } from '../types';

/**
 * Command injection: a shell separator or substitution (`;`, `|`, `&`, `&&`, a newline, `$(`, a
 * backtick, `<(`, `{cmd,arg}`) followed by a known command, read the way a shell reads it (quotes and
 * backslashes inside the name removed, `${IFS}` as a space, `/usr/bin/` prefixes); redirections to
 * system paths; server-side include `exec`; cmd.exe `if`/`for`; fork bombs. Paranoia 1 asks more of
 * commands that are also common English words (`more`, `time`, `find`): an argument that looks like a
 * shell argument. Also, as the same outcome: code injected into a server-side interpreter (Node.js,
 * Python, Ruby, Perl), prototype pollution, and uploads of restricted file names (`.htaccess`).
 */

/** cmd.exe built-ins and Windows programs an injection reaches first. */
const windowsCommands = [
  'dir', 'type', 'ipconfig', 'systeminfo', 'whoami', 'net', 'netstat', 'tasklist', 'taskkill', 'ping',
  'nslookup', 'certutil', 'bitsadmin', 'cmd', 'wmic', 'reg', 'copy', 'del', 'ver', 'hostname', 'findstr',
  'powershell', 'pwsh', 'cscript', 'wscript', 'mshta', 'rundll32', 'regsvr32', 'schtasks', 'netsh', 'icacls',
  'bcdboot', 'bcdedit', 'attrib', 'cacls', 'cipher', 'diskpart', 'fsutil', 'msiexec', 'nbtstat', 'regedit',
  'shutdown', 'takeown', 'tracert', 'vssadmin', 'wevtutil', 'xcopy', 'robocopy', 'forfiles', 'mklink', 'runas',
  'cmdkey', 'klist', 'dsquery', 'nltest', 'quser', 'getmac', 'driverquery', 'makecab', 'iex', 'iwr', 'irm',
  'iwmi', 'gwmi', 'icm', 'saps',
];

/** Unix commands and builtins that the phrase lists leave out. */
const unixExtras = ['cd', 'true', 'false', 'sleep', 'whoami', 'id', 'pwd', 'uname', 'ifconfig', 'ansible', 'exec', 'source', 'cscli', 'trap'];

function basename(entry: string): string | null {
  if (entry.startsWith('$') || entry.startsWith('dev/') || entry.startsWith('etc/') || entry.startsWith('proc/')) return null;
  const slash = entry.lastIndexOf('/');
  return (slash < 0 ? entry : entry.slice(slash + 1)).toLowerCase();
}

const commands = new Set<string>();
for (const list of [unixShell, unixShellAliases, unixShellBuiltins, windowsPowershellCommands, windowsCommands, unixExtras]) {
  for (const entry of list) {
    const name = basename(entry);
    if (name !== null && name.length > 0) commands.add(name);
  }
}

/**
 * Commands that are also everyday words (or too short to tell): after a separator they count at
 * paranoia 1 only with an argument that looks like a shell argument.
 */
const proseWords = new Set([
  'a', 'l', 'la', 'll', 'ab', 'ar', 'as', 'at', 'bc', 'cc', 'dc', 'ed', 'ex', 'go', 'ld', 'pr', 'w',
  'alias', 'done', 'fi', 'fg', 'set', 'repeat', 'history', 'function', 'export', 'builtin', 'hup',
  'more', 'less', 'time', 'make', 'find', 'man', 'top', 'sort', 'head', 'tail', 'date', 'file', 'who',
  'which', 'look', 'read', 'wait', 'type', 'test', 'yes', 'kill', 'last', 'write', 'print', 'join', 'split',
  'watch', 'cut', 'paste', 'mail', 'view', 'zip', 'tar', 'patch', 'diff', 'link', 'script', 'screen',
  'expect', 'tee', 'fold', 'pack', 'run', 'start', 'stop', 'install', 'update', 'service', 'check', 'dig',
  'host', 'finger', 'users', 'env', 'nice', 'red', 'shred', 'base', 'strings', 'units', 'up', 'ver',
  'copy', 'del', 'net', 'reg', 'dir', 'ping', 'rev', 'ss', 'column', 'basic', 'java', 'jq', 'go',
  'ash', 'ginsh', 'crash', 'easy', 'aria', 'batch', 'bundle', 'byebug', 'chef', 'comm', 'composer',
  'dialog', 'dotnet', 'flock', 'gem', 'genie', 'grc', 'hd', 'iftop', 'ip', 'irb', 'jjs', 'joe', 'lua',
  'mosquitto', 'mount', 'mysql', 'nano', 'nm', 'node', 'nohup', 'octave', 'pdb', 'pic', 'pip', 'puppet',
  'ruby', 'run-parts', 'rview', 'scp', 'sed', 'sg', 'slsh', 'socat', 'sqlite3', 'ssh', 'su', 'sudo',
  'tclsh', 'tmux', 'torify', 'troff', 'ul', 'unexpand', 'uniq', 'unshare', 'valgrind', 'vi', 'vim',
  'wall', 'wish', 'xargs', 'xz', 'yarn', 'zip', 'chdir', 'endif', 'esac', 'eval', 'foreach', 'setenv',
  'hash', 'host', 'list', 'shuf', 'sort', 'stat', 'sync', 'tac', 'timeout', 'touch', 'true', 'false',
  'cat', 'echo', 'id', 'env', 'arp', 'awk', 'cpan', 'csh', 'dash', 'fish', 'git', 'gdb', 'ghc', 'ghci',
  'nc', 'ncat', 'sh', 'zsh', 'ksh', 'tcsh', 'rc', 'php', 'perl', 'python', 'python3', 'curl', 'wget', 'tee',
  'cd', 'sleep', 'exec', 'source', 'format', 'tree', 'expand', 'route', 'query', 'at', 'more', 'bash', 'pico', 'command', 'local', 'get', 'post', 'head', 'compress',
  'links',
]);

/** Commands that run the command after them (`time sh -c id`): the next word is a command position. */
const prefixCommands = new Set(['time', 'nohup', 'strace', 'ltrace', 'sudo', 'env', 'nice', 'timeout', 'xargs', 'exec', 'doas']);

/** Separators that let a value start a new command, and substitutions that run one. */
function isSeparator(c: number): boolean {
  // ; | & \n \r ` (
  return c === 59 || c === 124 || c === 38 || c === 10 || c === 13 || c === 96;
}

const separatorScan = /[;|&`\n\r]|\$\(|[<>]\(/g;
const prefilter = /[;|&`\n\r{<>]|\$[([{]|!-/;
const ifs = /\$\{IFS\}|\$IFS(?:\$\d)?|\$\{IFS%\?\?\}/g;

function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 ||
    c === 47 /* / */ || c === 92 /* \ */ || c === 39 /* ' */ || c === 34 /* " */ || c === 58 /* : */
  );
}

/** A single `'` between two letters (`I'd`): how prose writes an apostrophe. */
function apostrophe(word: string): boolean {
  const at = word.indexOf("'");
  return at > 0 && at === word.lastIndexOf("'") && at < word.length - 1 && /[a-z]/i.test(word[at - 1] ?? '') && /[a-z]/i.test(word[at + 1] ?? '');
}

function emptySubstitutionAt(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 96 /* ` */) return text.charCodeAt(at + 1) === 96;
  return (c === 36 || c === 60 || c === 62) /* $ < > */ && text.charCodeAt(at + 1) === 40 && text.charCodeAt(at + 2) === 41;
}

/** Special parameters that expand to nothing or to a status inside a word (`c$!at`, `who$?ami`). */
const emptyParameters = new Set(['@', '*', '!', '?', '-', '_']);

type Word = { name: string; end: number; hadPath: boolean; evasive: boolean; terse: boolean };

/** The command word at `start`, as a shell sees it: quotes and backslashes dropped, path stripped. */
function commandWord(text: string, start: number): Word | null {
  let end = start;
  while (end < text.length && end - start < 64) {
    const c = text.charCodeAt(end);
    if (isWordChar(c)) end++;
    // `$@`, `$*`, `$!`, `$?`, `$-`, `$_` inside a word expand to nothing (or nearly) in an injected shell.
    else if (c === 36 /* $ */ && emptyParameters.has(text[end + 1] ?? '') && end > start) end += 2;
    else if (c === 36 /* $ */ && (text[end + 1] === '@' || text[end + 1] === '*')) end += 2;
    // `pi$()ng`, ``pi``ng``, `pi<()ng`: empty substitutions, which expand to nothing, glued to a word.
    else if (end > start && emptySubstitutionAt(text, end)) end += text.charCodeAt(end) === 96 ? 2 : 3;
    else break;
  }
  if (end === start || end - start > 48) return null;
  const word = text.slice(start, end);
  const quoted = /["'\\$`<>]/.test(word);
  const cleaned = quoted ? word.replace(/["'\\]|\$[@*!?_-]|\$\(\)|``|[<>]\(\)/g, '') : word;
  // One quote between two letters is an apostrophe (`I'd`, `don't`), not shell quoting, which comes in
  // pairs; a quote at either end may close or open the string the value sits in (`';htop'`).
  if (quoted && apostrophe(word)) return null;
  const evasive = quoted && cleaned.length !== word.length && /[a-z0-9](?:["'\\]|\$[@*!?_-]|\$\(\)|``|[<>]\(\))+[a-z0-9]/i.test(word);
  let name = cleaned;
  let hadPath = false;
  const slash = cleaned.lastIndexOf('/');
  if (slash >= 0) {
    const dir = cleaned.slice(0, slash + 1).toLowerCase();
    if (/(^|\/)s?bin\/$/.test(dir)) {
      name = cleaned.slice(slash + 1);
      hadPath = true;
    } else {
      // `bcdboot/r`: a Windows command glued to its switch.
      const glued = cleaned.slice(0, cleaned.indexOf('/')).toLowerCase();
      if (glued.length < 3 || !commands.has(glued) || proseWords.has(glued)) return null;
      name = glued;
    }
  } else if (/^[a-z]:\\/i.test(word)) {
    const back = word.lastIndexOf('\\');
    if (!/\\(system32|syswow64|windows)\\$/i.test(word.slice(0, back + 1))) return null;
    name = word.slice(back + 1);
    hadPath = true;
  }
  name = name.toLowerCase();
  if (name.endsWith('.exe')) name = name.slice(0, -4);
  if (!commands.has(name)) {
    // `python3.10`, `gcc10.1`: a versioned program.
    const unversioned = name.replace(/\.?\d+(?:\.\d+)*$/, '');
    // `ansible-config`: a tool of a known program's family.
    const family = name.slice(0, Math.max(0, name.indexOf('-')));
    if (unversioned !== name && commands.has(unversioned)) name = unversioned;
    else if (family.length >= 4 && commands.has(family) && (!proseWords.has(family) || family === 'chef')) {
      name = name.replace(/[^a-z0-9-]/g, '');
    }
    else return null;
  }
  // A leading backslash (`\ls`) skips aliases: only ever typed on purpose.
  const escaped = word.length > 1 && word.charCodeAt(0) === 92 && /[a-z]/i.test(word[1] ?? '');
  const terse = word === word.toLowerCase() && text.length - start <= 64 && text.slice(start, start + 65).split(/\s+/).length <= 5;
  return { name, end, hadPath, evasive: evasive || escaped, terse };
}

type ArgShape = 'end' | 'path' | 'flag' | 'number' | 'word' | 'other';

const pathArg = /^(?:%[a-z_]+%|\/|~\/|\.\.?\/|\$|[a-z]:(?:[\\/+]|["']|$|\s)|\\\\|['"]?(?:https?|ftp):\/\/|[<>|;&`]|\d{1,3}(?:\.\d{1,3}){3}\b)/i;

/** What follows the command word: nothing, a path-like argument, a flag, a number, a plain word. */
function argShape(text: string, end: number): ArgShape {
  if (end >= text.length) return 'end';
  const c = text.charCodeAt(end);
  if (c === 62 || c === 60) return 'path'; // a redirection or here-string right after the command
  // A comma is not a shell separator (`data:image/png;base64,...`); braces are read on their own.
  if (isSeparator(c) || c === 41 /* ) */ || c === 125 /* } */ || c === 36 /* $ */) return 'end';
  if (c !== 32 && c !== 9 && c !== 43) return 'other';
  let i = end;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '+')) i++;
  if (i >= text.length) return 'end';
  // Empty quote pairs (`""c""m""d`) are nothing to a shell: read the argument without them.
  const head = text.slice(i, i + 80);
  const rest = head.includes('""') || head.includes("''") ? head.replace(/""|''/g, '') : head;
  if (pathArg.test(rest)) return 'path';
  if (/^-{1,2}[a-z]/i.test(rest)) return 'flag';
  // A quoted argument (`trap 'rm -rf x' EXIT`): a shell word all the same.
  if (/^(?:'[^']{1,80}'|"[^"]{1,80}")(?:\s|$|[;|&])/.test(rest)) return 'word';
  if (rest.startsWith('(')) return 'word';
  if (/^\d+\b/.test(rest)) return 'number';
  if (/^[a-z_][\w.-]*(\s|$|[;|&`)])/i.test(rest)) return 'word';
  return 'other';
}

function accepts(word: Word, shape: ArgShape, atStart: boolean, paranoia: number): number {
  const prose = proseWords.has(word.name) && !word.hadPath && !word.evasive;
  if (atStart) {
    // A whole value that is a command line: a program with a path, a flag or nothing after it.
    if (word.hadPath || word.evasive) return shape === 'other' ? 0 : 0.8;
    if (shape === 'path') return !prose || paranoia >= 2 || !proseNeedsMore(word.name) ? 0.7 : 0;
    if (shape === 'flag') return !prose || paranoia >= 2 || networkPrograms.has(word.name) || interpreters.has(word.name) ? 0.65 : 0;
    if (shape === 'end' || shape === 'number') return !prose ? 0.6 : paranoia >= 3 ? 0.5 : 0;
    // `ansible all -m ping` but not a sentence: lower case as typed, a few words.
    if (shape === 'word') return !prose && (paranoia >= 2 || word.terse) ? 0.55 : paranoia >= 3 ? 0.45 : 0;
    return 0;
  }
  if (word.hadPath || word.evasive) return 0.95;
  if (shape === 'path' || shape === 'flag') return 0.9;
  if (shape === 'end') return !prose || paranoia >= 2 || shortPrograms.has(word.name) ? 0.85 : 0;
  if (shape === 'number') return !prose || paranoia >= 2 ? 0.75 : 0;
  if (shape === 'word') return !prose || networkPrograms.has(word.name) ? 0.65 : paranoia >= 3 ? 0.5 : 0;
  return 0;
}

/** Prose words that even with a path-like argument stay too common at the start of a value. */
function proseNeedsMore(name: string): boolean {
  return !startPrograms.has(name);
}

/** Word-like programs that still count at paranoia 1 as a whole value when given a path. */
const startPrograms = new Set([
  'cat', 'ls', 'id', 'echo', 'curl', 'wget', 'nc', 'ncat', 'php', 'perl', 'python', 'python3', 'sh', 'ruby', 'cd',
  'node', 'awk', 'sed', 'tac', 'head', 'tail', 'more', 'less', 'type', 'dir', 'zsh', 'ksh', 'csh', 'env',
]);

/** Shells and interpreters: with a flag (`sh -c`, `python -c`) they run what follows. */
const interpreters = new Set(['sh', 'bash', 'zsh', 'ksh', 'csh', 'tcsh', 'dash', 'fish', 'python', 'python3', 'perl', 'php', 'ruby', 'node', 'lua', 'cmd', 'powershell', 'pwsh']);

/** Programs whose plain-word argument is a host (`; curl evil.example`). */
const networkPrograms = new Set(['curl', 'wget', 'nc', 'ncat', 'netcat', 'ping', 'nslookup', 'dig', 'telnet', 'ssh', 'ftp', 'tftp', 'socat']);

/**
 * Programs that only report on the machine, sent bare to see whether a value reaches a shell. `id`,
 * `pwd` (a password field's name) and `uname` (a user name's) are left out: they are also data.
 */
const reconnaissancePrograms = new Set(['whoami', 'ifconfig', 'ipconfig', 'systeminfo', 'tasklist', 'netstat']);

/** Programs an attacker runs first to see whether injection works; no word of prose is one of them. */
const bareProbes = new Set(['id', 'ls', 'pwd', 'whoami', 'uname', 'ps', 'ifconfig', 'ipconfig', 'hostname', 'dir']);

/** Short program names that attackers run bare (`;id`), although each is also a word. */
const shortPrograms = new Set(['id', 'ls', 'cat', 'pwd', 'env', 'echo', 'ps', 'w', 'true', 'false', 'sh', 'bash', 'who', 'set']);

const redirection = /(?:^|[^<>])(?:[0-9]?>>?|<)\s*\/(?:dev|tmp|etc|proc|var\/www|root|home)\/|\d>&\d/;
const ssiExec = /<!--\s*#\s*exec\s/i;
const shellshock = /^\s*["']?\(\s*\)\s*\{|\(\s*\)\s*\{\s*:\s*;\s*\}/;
/** `:(){ :|:& };:`, `f(){ f|f& };f`: a shell function that pipes itself into itself in the background. */
const forkBomb = /(^|[\s;&|])([^\s(){}|&;]{1,16})\s*\(\s*\)\s*\{\s*\2\s*\|\s*\2\s*&\s*;?\s*\}/;
const historyExpansion = /(?:^|[\s;|&])!-\d/;
const tildeExpansion = /(?:^|[\s;|&])~[+-]\d*(?:$|[\s/;|&])/;
const shellVariable = /^\$\{?(?:shell|bash|0)\}?(?=[\s+;|&]|$)/i;
const aliasDefinition = /^alias\s+(?:[-+][\w+]*\s+)*["']?[^\s='"]{1,32}["']?=/i;
const batchFor = /^for(?:\s+\/[dlrf])*(?:\s+(?:"[^"]*"|\\"[^"\\]*\\"|[a-z]:\\\S*))?\s+(?:%%[^\s%]{0,16}|%[^\s%]{1,16})\s+in\s*\(/i;
const batchIf = /^if(?=[\s/])\s*(?:\/i\s+)?(?:not\s+)?(?:errorlevel\s+\d|cmdextversion\s+\d|(?:"[^"]*"|[^\s"(]+)\s*==(?!=)|(?:"[^"]*"|[^\s"(]+)\s+(?:equ|neq|lss|leq|gtr|geq)\s)/i;
const batchIfExist = /^if\s+(?:\/i\s+)?(?:not\s+)?(?:exist|defined)\s+\S+\s+(?:\(|(?:cmd|goto|echo|exit|call|set|start|del|copy)\b)/i;
/** An operand of cmd.exe's `if`: a quoted string, a parenthesised group or a bare token. */
const batchOperand = `(?:"[^"]{0,64}"|\\([^()]{0,64}\\)|[^\\s"()=]{1,64})`;
const batchCompare = `(?:==|\\s(?:equ|neq|lss|leq|gtr|geq)\\s)`;
/** `if (a) == (b) `, `if not (2 equ 2) `, `IF (2 GEQ 15) `: a comparison in the spellings of cmd.exe, up to the command. */
const batchIfCondition = new RegExp(
  `^if\\s+(?:/i\\s+)?(?:not\\s+)?(?:${batchOperand}\\s*${batchCompare}\\s*${batchOperand}|\\(\\s*[^()]{1,64}${batchCompare}\\s*[^()]{1,64}\\))\\s*`,
  'i',
);

/** A cmd.exe `if` whose condition is followed by a command it runs (`if (1) equ (1) echo hey`). */
function batchIfThenCommand(text: string, at: number): boolean {
  const condition = batchIfCondition.exec(text.slice(at, at + 240));
  if (condition === null) return false;
  const next = at + condition[0].length;
  return text.charCodeAt(next) === 40 /* ( */ || commandWord(text, next) !== null;
}

/** `${v#x}`, `${v//a/b}`, `$((…))`, and `${:…}`: a parameter without a name, which only obfuscation writes (`${::-i}`). */
const parameterExpansion = /\$\{\w+(?:#|%|\/\/|\^|,)|\$\{:|\$\[|\$\(\(/;

/** A backtick that opens inline code in prose: after a blank, or opening a value and closed before a blank. */
function markdownCode(text: string, at: number): boolean {
  if (at > 0 || /\s/.test(text[at + 1] ?? '')) return /\s/.test(text[at - 1] ?? ' ');
  const close = text.indexOf('`', 1);
  return close > 0 && /\s/.test(text[close + 1] ?? '');
}

function skipBlanks(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '+')) i++;
  return i;
}

/**
 * The score of a command that starts at `at` (after a separator, or at the start of the value), with
 * its shape; 0 when none. Command prefixes (`time`, `nohup`) hand over to the word after them.
 */
function commandAt(
  text: string,
  at: number,
  atStart: boolean,
  paranoia: number,
  depth = 0,
  substitution = false,
): [number, string] {
  let pos = skipBlanks(text, at);
  while (text.charCodeAt(pos) === 40 /* ( */ && pos - at < 4) pos++;
  if (pos >= text.length) return [0, ''];
  // `$u wget`: an unset variable expands to nothing in front of the command.
  if (text.charCodeAt(pos) === 36 && depth < 2) {
    const unset = /^\$[a-z_]\w{0,15}[\s+]+/i.exec(text.slice(pos, pos + 20));
    if (unset !== null && !shellVariable.test(unset[0])) return commandAt(text, pos + unset[0].length, atStart, paranoia, depth + 1, substitution);
  }
  const first = text.charCodeAt(pos);
  const lower = first | 0x20;
  if (first === 36 /* $ */ || lower === 97 /* a */ || lower === 102 /* f */ || lower === 105 /* i */) {
    const rest = text.slice(pos, pos + 200);
    if (shellVariable.test(rest)) return [argShape(text, pos + rest.search(/[\s+;|&]|$/)) === 'other' ? 0 : 0.85, 'shell-variable'];
    if (lower === 97 && aliasDefinition.test(rest)) return [0.85, 'alias'];
    if (lower === 102 && batchFor.test(rest) && /\)\s*do\b/i.test(rest)) return [0.9, 'batch'];
    if (lower === 105 && (batchIf.test(rest) || batchIfExist.test(rest) || batchIfThenCommand(text, pos))) return [0.85, 'batch'];
  }
  const word = commandWord(text, pos);
  if (word === null) return [0, ''];
  if (prefixCommands.has(word.name) && depth < 2) {
    const [score, shape] = commandAt(text, word.end, false, paranoia, depth + 1);
    if (score > 0) return [score, shape];
  }
  const shape = argShape(text, word.end);
  // `; sleep 10`, `` `sleep 5` ``: the time probe of blind injection, a bare number and then nothing or a
  // separator (prose goes on: "sleep 8 hours").
  if (!atStart && word.name === 'sleep' && shape === 'number' && /^[\s+]+\d{1,4}(?:\.\d+)?[smhd]?[\s+]*(?:$|[;|&`)\n#])/.test(text.slice(word.end, word.end + 20))) {
    return [0.8, substitution || text[at - 1] === '`' ? 'substitution' : 'separator'];
  }
  // `id;`, `ls|`: a bare program ended by a separator opens the value, as an injection's first command does.
  if (atStart && shape === 'end' && bareProbes.has(word.name) && (text.charCodeAt(word.end) === 59 || text.charCodeAt(word.end) === 124 || text.charCodeAt(word.end) === 38)) {
    return [0.6, 'command-line'];
  }
  // Inside `$(...)` or `<(...)` any known command with an argument is one.
  const plain = !proseWords.has(word.name) || shortPrograms.has(word.name) || networkPrograms.has(word.name);
  if (substitution && (plain || text[at - 1] === '(') && (shape === 'word' || shape === 'end' || shape === 'number')) return [0.85, 'substitution'];
  return [accepts(word, shape, atStart, paranoia), atStart ? 'command-line' : 'separator'];
}

/** A glob that a shell expands to a sensitive path (`/e??/p?ss*`, `/bin/c[a]t`). */
const globTargets = ['/usr/bin/bash', '/usr/bin/sh', '/usr/bin/python', '/usr/bin/perl', '/bin/zsh', '/etc/passwd', '/etc/shadow', '/etc/hosts', '/etc/group', '/bin/sh', '/bin/bash', '/bin/cat', '/usr/bin/id', '/bin/nc', '/usr/bin/wget', '/usr/bin/curl', '/usr/bin/whoami', '/bin/ls'];
const globRoots = new Set(['etc', 'bin', 'sbin', 'usr', 'dev', 'proc', 'var', 'tmp', 'home', 'root', 'lib', 'opt']);
const globPath = /(?:\/[\w?*[\]!.-]{1,32}){2,4}/g;

function globHit(text: string): number {
  globPath.lastIndex = 0;
  for (let match = globPath.exec(text); match !== null; match = globPath.exec(text)) {
    const glob = match[0];
    const firstSegment = glob.slice(1, glob.indexOf('/', 1));
    if (!/[?*[]/.test(glob) || !(/[?*[]/.test(firstSegment) || globRoots.has(firstSegment))) continue;
    if ((glob.match(/[a-z]/gi)?.length ?? 0) < 2) continue;
    let source = '';
    for (let i = 0; i < glob.length; i++) {
      const c = glob[i] as string;
      if (c === '?') source += '[^/]';
      else if (c === '*') source += '[^/]{0,16}';
      else if (c === '[') {
        const close = glob.indexOf(']', i + 1);
        if (close < 0) break;
        source += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/[\\\]]/g, '')}]`;
        i = close;
      } else source += c === '.' ? '\\.' : c;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^${source}$`);
    } catch {
      continue;
    }
    if (globTargets.some((target) => pattern.test(target))) return match.index;
    // `/usr/bin/[u]name`: a one-letter class names a program.
    const simple = glob.replace(/\[([a-z])[^\]]*\]/gi, '$1');
    if (!/[?*[]/.test(simple)) {
      const word = commandWord(simple, 0);
      if (word !== null && word.hadPath) return match.index;
    }
  }
  return -1;
}

/** Brace expansion (`{cat,/etc/passwd}`, `c{a,oun}t`, `{,ifconfig}`) that yields a command. */
const braceGroup = /([\w./-]{0,16})\{([\w./-]*(?:,[\w./-]*)+)\}([\w./-]{0,16})/g;

function braceHit(text: string): number {
  braceGroup.lastIndex = 0;
  for (let match = braceGroup.exec(text); match !== null; match = braceGroup.exec(text)) {
    const items = (match[2] ?? '').split(',');
    const first = items.find((item) => item !== '');
    const candidates = [...items.map((item) => `${match?.[1] ?? ''}${item}${match?.[3] ?? ''}`), first ?? ''];
    for (const candidate of candidates) {
      const slash = candidate.lastIndexOf('/');
      const name = (slash >= 0 ? candidate.slice(slash + 1) : candidate).toLowerCase();
      const shellOnly = items[0] === '';
      if (name !== '' && commands.has(name) && (shellOnly || !proseWords.has(name) || shortPrograms.has(name) || slash >= 0)) return match.index;
    }
  }
  return -1;
}

/**
 * Code that runs commands or escapes a sandbox in a server-side interpreter: Node.js
 * (`require('child_process')`, `process.mainModule`, `child_process.exec(`, `global.process`,
 * `new Function(`, `eval(` of `require`/`process`/`Buffer`, `this.constructor.constructor`, node-serialize
 * `_$$ND_FUNC$$_`, a bare `while(true)` loop), Python (`os.system(`, `subprocess.Popen(`,
 * `__import__('os')`), Ruby (`Kernel.exec(`, `Process.spawn(`, `IO.popen(`, `%x(`) and Perl (`qx{`,
 * `system("…")`). Each shape has a call or member syntax around the name, so prose that mentions a
 * process or a system does not match.
 */
const codeKeyword = /__proto__|(?:require|process|constructor|function|eval|system|kernel|spawn|popen|exec|__import__|buffer|while|fs)\s*[.([\]'"`]|exports\s*=|open3\s*\.|console\s*[.[]|\$[0-9a-f]{1,4}:|nd_func|__js_function|qx\s*[{(/|!]|%x\s*[({[|!]|@\{\s*\[/i;

type CodeShape = { pattern: RegExp; score: number; shape: string; paranoia: number };

const quote = `['"\`]`;
const codeShapes: readonly CodeShape[] = [
  // Node.js
  { pattern: new RegExp(`\\brequire\\s*\\(\\s*${quote}(?:node:)?(?:child_process|vm|worker_threads|cluster)${quote}\\s*\\)`), score: 0.95, shape: 'node-require', paranoia: 1 },
  { pattern: /\bchild_process\b\s*(?:\.|\[\s*['"`])\s*(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|fork)\b/, score: 0.95, shape: 'node-child-process', paranoia: 1 },
  { pattern: /\bprocess\s*(?:\.\s*mainModule\b|\[\s*['"`]?\s*mainModule\b)/, score: 0.9, shape: 'node-process', paranoia: 1 },
  { pattern: /\bprocess\s*\.\s*(?:binding|dlopen|_linkedBinding)\s*\(/, score: 0.9, shape: 'node-process', paranoia: 1 },
  { pattern: /\bglobal(?:This)?\s*(?:\.\s*process\b|\[\s*['"`]process['"`]\s*\])/, score: 0.85, shape: 'node-process', paranoia: 1 },
  { pattern: /\b(?:process|require)\s*\[\s*(?:req|request)\s*\.\s*(?:query|body|params)\b/, score: 0.85, shape: 'node-process', paranoia: 1 },
  { pattern: /\bnew\s+Function\s*\(/, score: 0.85, shape: 'node-function', paranoia: 1 },
  { pattern: /\bconstructor\s*(?:\.\s*constructor\b|\[\s*['"`]constructor['"`]\s*\])/, score: 0.85, shape: 'sandbox-escape', paranoia: 1 },
  { pattern: /_\$\$ND_FUNC\$\$_|\b__js_function\b/, score: 0.9, shape: 'node-serialize', paranoia: 1 },
  { pattern: /\beval\s*\(\s*[^)]{0,200}?\b(?:require|process|child_process|Buffer|atob|String\s*\.\s*fromCharCode)\b/, score: 0.9, shape: 'node-eval', paranoia: 1 },
  { pattern: /\brequire\s*\(\s*['"`](?:node:)?(?:fs|net|os|http|dgram)['"`]\s*\)\s*\.\s*\w+\s*\(/, score: 0.85, shape: 'node-require', paranoia: 1 },
  { pattern: /\bBuffer\s*\.\s*from\s*\([^)]{1,400}?\)\s*\.\s*toString\s*\([^)]*\)\s*\)\s*\(?/, score: 0.6, shape: 'node-buffer', paranoia: 2 },
  { pattern: /\bfs\s*\.\s*(?:readFileSync|writeFileSync|appendFileSync|readdirSync|unlinkSync|rmSync|createWriteStream)\s*\(/, score: 0.6, shape: 'node-fs', paranoia: 2 },
  // Probes for a Node.js `eval`, as whole values: a bare `process.env`, a console call with a literal
  // (`console.info(1)`), a code opener with nothing after it (`function() {`, `module.exports=`). Code
  // that does something with them (`console.log(process.env.HOME)`, `module.exports = router`) is also
  // what developers paste into forums and tickets: paranoia 2, below.
  { pattern: /^\s*process\s*(?:\.\s*(?:env|exit|kill|argv|cwd)|\[\s*(['"`])\w+\1\s*\])\s*;?\s*$/, score: 0.6, shape: 'node-process', paranoia: 1 },
  { pattern: /^\s*console\s*(?:\.\s*\w+|\[\s*(['"`])\w+\1\s*\])\s*(?:\.\s*(?:call|apply)\s*)?\(\s*(?:this\s*,\s*)?(?:\d+|'[^']{0,32}'|"[^"]{0,32}")?\s*\)\s*;?\s*$/, score: 0.55, shape: 'node-code', paranoia: 1 },
  { pattern: /^\s*(?:module\s*\.\s*exports\s*=|function\s*\(\s*\)\s*\{)\s*$/, score: 0.55, shape: 'node-code', paranoia: 1 },
  { pattern: /^\s*process\s*(?:\.\s*(?:env|exit|kill|argv|cwd)\b|\[\s*['"`])/, score: 0.6, shape: 'node-process', paranoia: 2 },
  { pattern: /\bmodule\s*\.\s*exports\s*=|\bfunction\s*\(\s*\)\s*\{/, score: 0.55, shape: 'node-code', paranoia: 2 },
  { pattern: /^\s*console\s*(?:\.\s*\w+|\[\s*['"`]\w+['"`]\s*\])\s*(?:\.\s*(?:call|apply)\s*)?\(/, score: 0.5, shape: 'node-code', paranoia: 2 },
  // A React Server Components reference that walks to a constructor or a prototype (`$3:constructor:constructor`).
  { pattern: /\$[0-9a-f]{1,4}:(?:[\w$]{1,32}:){0,4}(?:constructor:constructor|prototype|__proto__)\b/i, score: 0.85, shape: 'rsc-reference', paranoia: 1 },
  // Python
  { pattern: /\bos\s*\.\s*(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?)\s*\(/, score: 0.9, shape: 'python-os', paranoia: 1 },
  { pattern: /\bsubprocess\s*\.\s*(?:Popen|call|run|check_output|check_call|getoutput|getstatusoutput)\s*\(/, score: 0.9, shape: 'python-subprocess', paranoia: 1 },
  { pattern: new RegExp(`\\b__import__\\s*\\(\\s*${quote}(?:os|subprocess|pty|commands)${quote}\\s*\\)`), score: 0.95, shape: 'python-import', paranoia: 1 },
  { pattern: /\bpty\s*\.\s*spawn\s*\(/, score: 0.9, shape: 'python-pty', paranoia: 1 },
  // Ruby
  { pattern: /\b(?:Kernel\s*\.\s*(?:exec|system|spawn|open)|Process\s*\.\s*spawn|IO\s*\.\s*popen|Open3\s*\.\s*(?:popen[23e]?|capture[23]e?|pipeline))\s*\(?\s*['"`(]/, score: 0.9, shape: 'ruby-exec', paranoia: 1 },
  { pattern: /%x\s*[({[|!]\s*[a-z/$]/i, score: 0.75, shape: 'ruby-exec', paranoia: 1 },
  // Perl
  { pattern: /\bqx\s*[{(/|!]\s*[a-z/$]/, score: 0.75, shape: 'perl-exec', paranoia: 1 },
  // `@{[ system 'id' ]}`: an array built from code and interpolated into a string, which Perl evaluates.
  { pattern: /@\{\s*\[\s*[\w$%@'"][^\]]{0,200}\]\s*\}/, score: 0.8, shape: 'perl-interpolation', paranoia: 1 },
  // Any of them: a command string handed to system/exec.
  { pattern: /(?:^|[\s;({=]|\b(?:perl|ruby|python3?)\s+-e\s*['"]?)(?:system|exec|popen)\s*\(?\s*['"`]\s*(?:\/?(?:usr\/)?s?bin\/)?(?:id|ls|cat|whoami|uname|sh|bash|nc|curl|wget|ping|echo|cmd|powershell|rm|touch|sleep)\b/, score: 0.85, shape: 'system-call', paranoia: 1 },
];

/**
 * Prototype pollution: a name or value that reaches an object's prototype (`__proto__[isAdmin]=1`,
 * `a[constructor][prototype][x]=1`, `{"__proto__": {...}}`). It belongs to the server-side JavaScript
 * injection family above and is reported as `rce`: the product's types have no separate one, and in
 * Node.js a polluted prototype is the usual road to command execution (options objects of `child_process`
 * and template engines read the polluted properties), the same outcome as the `eval` shapes.
 */
const prototypePollution = /(?:^|[[.'"\s])__proto__(?:$|\s*[[.]|['"]?\s*[:\]])|\bconstructor['"]?\s*\]?\s*[.[]\s*['"]?\s*prototype\b/;

/** A bare infinite loop as a whole value (`while(true);`): JavaScript injected to hang the server. */
const infiniteLoop = /^\s*while\s*\(\s*[^()]{0,24}(?:\([^()]{0,12}\))?\s*\)\s*\)?\s*;?\s*(?:\{\s*\})?\s*$/;

function codeInjection(text: string, paranoia: number): [number, number, string] | null {
  if (!codeKeyword.test(text)) return null;
  let best: [number, number, string] | null = null;
  if (text.includes('__proto__') || text.includes('prototype')) {
    const pollution = prototypePollution.exec(text);
    if (pollution !== null) best = [0.85, pollution.index, 'prototype-pollution'];
  }
  for (const shape of codeShapes) {
    if (shape.paranoia > paranoia || (best !== null && best[0] >= shape.score)) continue;
    const match = shape.pattern.exec(text);
    if (match !== null) best = [shape.score, match.index, shape.shape];
  }
  if (best === null && text.length <= 64 && infiniteLoop.test(text)) best = [0.7, 0, 'infinite-loop'];
  return best;
}

/**
 * File names that an upload must not carry (CRS restricted-upload list): server and tool configuration
 * (`.htaccess`, `wp-config.php`, `php.ini`, `.bashrc`) and `/proc` entries. Writing one of them changes
 * what the server runs or loads, so it is reported with command execution. Entries ending in `.`, `-`, `_`
 * are prefixes (`wp-config.`); entries ending in `/` are folders, matched without the slash.
 */
const restrictedUploadNames = new Set<string>();
const restrictedUploadPrefixes: string[] = [];
for (const entry of restrictedUpload) {
  const name = entry.trim().toLowerCase();
  if (/[._-]$/.test(name)) restrictedUploadPrefixes.push(name);
  else restrictedUploadNames.add(name.replace(/\/$/, ''));
}

function restrictedUploadName(fileName: string): boolean {
  // `settings. php`, `config.yml `, `a.ini..`: blanks and trailing dots that Windows drops.
  const name = fileName.toLowerCase().replace(/\s+/g, '').replace(/\.+$/, '');
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  if (base.length === 0) return false;
  return restrictedUploadNames.has(base) || restrictedUploadPrefixes.some((prefix) => base.startsWith(prefix) && base.length > prefix.length);
}

export function inspectRce(value: InspectedValue, options: DetectionOptions): Hit | null {
  const raw = value.value;
  // `{"constructor": {"prototype": {...}}}`: the JSON key `prototype` under a key `constructor`.
  if (raw === 'prototype' && value.point.endsWith('.constructor.prototype#key')) {
    return { type: 'rce', point: value.point, payload: raw, score: 0.85, detector: 'rce/prototype-pollution' };
  }
  if (isUploadPoint(value.point) && restrictedUploadName(raw)) {
    return { type: 'rce', point: value.point, payload: excerpt(raw, 0, 120), score: 0.7, detector: 'rce/restricted-file-upload' };
  }
  const code = raw.length >= 6 ? codeInjection(raw, options.paranoia) : null;
  if (code !== null) {
    const [score, at, shape] = code;
    return { type: 'rce', point: value.point, payload: excerpt(raw, at, at + 120), score, detector: `rce/${shape}` };
  }
  if (!prefilter.test(raw) && raw.indexOf(' ') < 0 && raw.indexOf('/') < 0 && raw.indexOf('~') < 0) {
    // A single word: only a bare program path or a leading-backslash command can be a command here,
    // or one of the reconnaissance programs whose names are no word of any data (`whoami`).
    if (raw.length <= 12 && reconnaissancePrograms.has(raw.toLowerCase())) {
      return { type: 'rce', point: value.point, payload: raw, score: 0.55, detector: 'rce/command-line' };
    }
    if (raw.length > 64 || !/^(?:\\|\/?(?:usr\/)?s?bin\/)/.test(raw)) return null;
  }
  const text = raw.indexOf('IFS') >= 0 ? raw.replace(ifs, ' ') : raw;
  const paranoia = options.paranoia;
  const make = (start: number, end: number, score: number, shape: string): Hit => ({
    type: 'rce',
    point: value.point,
    payload: excerpt(text, start, end),
    score,
    detector: `rce/${shape}`,
  });

  if (text.indexOf('<!--') >= 0 && ssiExec.test(text)) {
    const at = text.search(ssiExec);
    return make(at, at + 120, 0.95, 'ssi-exec');
  }
  if (text.indexOf('(') >= 0 && shellshock.test(text)) {
    const at = text.search(shellshock);
    return make(at, at + 120, 0.95, 'shellshock');
  }
  if (text.indexOf('{') >= 0 && text.indexOf('|') >= 0) {
    const bomb = forkBomb.exec(text);
    if (bomb !== null) return make(bomb.index, bomb.index + 80, 0.9, 'fork-bomb');
  }

  let best: Hit | null = null;
  const consider = (hit: Hit): void => {
    if (best === null || hit.score > best.score) best = hit;
  };

  if (/^[\s+]*[a-z/\\$'"]/i.test(text)) {
    const [startScore, startShape] = commandAt(text, 0, true, paranoia);
    if (startScore > 0) consider(make(0, 120, startScore, startShape));
  }

  separatorScan.lastIndex = 0;
  for (let sep = separatorScan.exec(text); sep !== null; sep = separatorScan.exec(text)) {
    const i = sep.index;
    const c = text.charCodeAt(i);
    let next = i + sep[0].length;
    let shape = sep[0].length === 2 ? (c === 36 ? 'substitution' : 'process-substitution') : 'separator';
    if (c === 96) {
      // Markdown quotes code in backticks after a blank (`run \`npm test\``): a substitution is glued on.
      if (paranoia < 2 && markdownCode(text, i)) continue;
      shape = 'substitution';
    }
    while (next < text.length && isSeparator(text.charCodeAt(next)) && next - i < 3) next++;
    // A backtick glued to what precedes it (`1.5\`id\``) is a substitution, not Markdown.
    const gluedBacktick = c === 96 && i > 0 && !/\s/.test(text[i - 1] ?? ' ') && text.indexOf('`', i + 1) > 0;
    const [score, found] = commandAt(text, next, false, paranoia, 0, (shape !== 'separator' && c !== 96) || gluedBacktick);
    // A user agent separates its comments with `;` (`(U; id)`): there a command needs an argument.
    const inComment = c === 59 && value.point === 'header.user-agent' && text.lastIndexOf('(', i) >= 0;
    if (score > 0 && !(inComment && score < 0.9)) {
      const label = found === 'separator' ? shape : found;
      consider(make(i, i + 120, c === 38 && text[i + 1] !== '&' ? score - 0.05 : score, label));
    }
    if (best !== null && (best as Hit).score >= 0.95) break;
    separatorScan.lastIndex = next;
  }
  if (best !== null) return best;

  if (text.indexOf('{') >= 0 && text.indexOf(',') >= 0) {
    const at = braceHit(text);
    if (at >= 0) return make(at, at + 120, 0.85, 'brace-expansion');
  }
  if (text.indexOf('/') >= 0 && /[?*[]/.test(text)) {
    const at = globHit(text);
    if (at >= 0) return make(at, at + 120, 0.85, 'glob');
  }
  if (text.indexOf('$') >= 0 && parameterExpansion.test(text)) return make(text.search(parameterExpansion), 120, 0.7, 'parameter-expansion');
  if (text.indexOf('!-') >= 0 && historyExpansion.test(text)) return make(0, 120, 0.7, 'history-expansion');
  if (text.indexOf('~') >= 0 && tildeExpansion.test(text)) return make(0, 120, 0.6, 'tilde-expansion');
  if (text.indexOf('>') >= 0 || text.indexOf('<') >= 0) {
    const match = redirection.exec(text);
    if (match !== null) return make(match.index, match.index + 80, 0.8, 'redirection');
  }
  return null;
}

export const rceDetector: Detector = { name: 'rce', type: 'rce', inspect: inspectRce };

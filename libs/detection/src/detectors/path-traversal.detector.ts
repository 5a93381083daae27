import { lfiOsFiles, restrictedFiles } from '../data/phrase-lists.generated';
import { excerpt } from '../points';
import type { Detector, DetectionOptions, Hit, InspectedValue } from '../types';

/**
 * Path traversal and local file inclusion, on the value read as a path: lower case, `\` as `/`,
 * `0x2e`/`0x2f` spellings decoded, runs of `/` and `./` folded. Shapes:
 * - traversal: `..` segments (also `...`, `....` and `..;` that filters and servers turn into `..`);
 *   paranoia 1 wants two of them, or one that climbs above the value's start (`../x`, `/../x`), or one
 *   followed by a sensitive file; paranoia 2 takes any;
 * - sensitive file: a path of an OS file (CRS lfi-os-files: `/etc/passwd`, `c:/windows/win.ini`), and
 *   at the URL path (or at paranoia 2 anywhere) a restricted file (`.env`, `.git/config`); a plain
 *   project file name without a folder (`config.xml`, `package.json`) in the URL path waits for paranoia 2;
 * - separators stripped by a filter: the whole value is an OS path without its `/` (`c:windowswin.ini`);
 * - SQL dump archives as a file name (`backup.sql.gz`);
 * - Windows spellings: device prefixes (`\\?\c:\`, `\\.\`), NTFS streams (`index.php::$DATA`);
 * - stream wrapper: `php://filter`, `file://`, `phar://`, `zip://`, `expect://`, `glob://`;
 * - evasions of a path check: self-references run together (`/././`), a value opening with three or
 *   more slashes, and a path padded past a length limit (`/aaaa…aaa../x`).
 */

type PhraseIndex = Map<string, string[]>;

/** Phrases grouped by their first three characters, so a lookup per path segment start is O(1). */
function indexPhrases(list: readonly string[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const entry of list) {
    const phrase = entry.trim().toLowerCase().replace(/\\/g, '/').replace(/^\/+/, '');
    if (phrase.length < 3) continue;
    const key = phrase.slice(0, 3);
    const bucket = index.get(key);
    if (bucket === undefined) index.set(key, [phrase]);
    else if (!bucket.includes(phrase)) bucket.push(phrase);
  }
  for (const bucket of index.values()) bucket.sort((a, b) => b.length - a.length);
  return index;
}

const osFiles = indexPhrases([
  ...lfiOsFiles,
  'windows/win.ini',
  'windows/system.ini',
  'winnt/win.ini',
  'boot.ini',
  'windows/system32/drivers/etc/hosts',
  'inetpub/wwwroot/global.asa',
  'inetpub/wwwroot/web.config',
  'windows/panther/unattend.xml',
  'windows/repair/sam',
  'windows/system32/config/sam',
  'web-inf/web.xml',
  'meta-inf/manifest.mf',
]);
/** Configuration folders of AI coding agents, which hold keys and instructions. */
const agentFolders = [
  '.claude/', '.cursor/', '.aider', '.roo/', '.zed/', '.cline/', '.kiro/', '.windsurf/', '.rovodev/', '.a0proj/',
  '.plandex/', '.opencode/', '.fabric/', '.n8n/', '.junie/', '.continue/', '.codeium/', '.gemini/', '.codex/', '.amazonq/',
];
const restricted = indexPhrases([...restrictedFiles, ...agentFolders]);

/** OS paths of a folder and a file with their separators removed, as a filter that strips `/` and `\\` leaves them. */
const strippedOsPaths: ReadonlySet<string> = new Set(
  [...osFiles.values()]
    .flat()
    // A folder and a file, where the file has an extension or the root is an OS one: `apache/conf` stays out.
    .filter((phrase) => /^[^/]+\/.*[^/]$/.test(phrase) && (/\.[a-z0-9]+$/.test(phrase) || /^(?:etc|proc|sys|boot|windows|winnt)\//.test(phrase)))
    .map((phrase) => phrase.replace(/\//g, ''))
    .filter((phrase) => phrase.length >= 9),
);
/** A short value without spaces that might be such a path: an optional drive and dots, then letters. */
const strippedCandidate = /^(?:[a-z]:)?[.]*([a-z][\w.-]{7,60})(?:\0.*)?$/i;

/** `name.sql.gz` and the other archive suffixes of SQL dumps (the OS list's `.sql.7z`, `.sql.tar`, and `zip`, `bz2`, `zst`). */
const sqlDumpSuffixes: ReadonlySet<string> = new Set([
  ...lfiOsFiles.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry.startsWith('.sql.')).map((entry) => entry.slice(5)),
  'zip',
  'bz2',
  'zst',
]);
const sqlDump = /(?:^|\/)[\w-][\w.-]*\.sql\.([a-z0-9]{1,4})(?:\.[a-z0-9]{1,3})?(?=$|[?#\0])/;

/** A restricted name that is just a common project file (`config.xml`, `package.json`, `Dockerfile`), served by plenty of sites. */
function isPlainProjectFile(phrase: string): boolean {
  if (phrase.startsWith('.') || phrase.includes('/')) return false;
  if (/^config[._-]/.test(phrase)) return true;
  return !/secret|credential|passw|key|token|web\.config|\.env|\.sql|\.cnf|wp-config|\.log$|auth|phpinfo|\.ini$/.test(phrase);
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** The longest phrase of `index` that starts at a segment start of `path` and ends at a boundary. */
function findPhrase(path: string, index: PhraseIndex): { at: number; phrase: string } | null {
  for (let at = 0; at < path.length; at++) {
    if (at > 0 && path.charCodeAt(at - 1) !== 47 /* / */) continue;
    const bucket = index.get(path.slice(at, at + 3));
    if (bucket === undefined) continue;
    for (const phrase of bucket) {
      if (!path.startsWith(phrase, at)) continue;
      const last = phrase.charCodeAt(phrase.length - 1);
      const after = path.charCodeAt(at + phrase.length);
      const openEnded = last === 47 || last === 95 || last === 45; // `.ssh/`, `.bash_`, `.oh-my-`
      if (openEnded || Number.isNaN(after) || !isAlnum(after)) return { at, phrase };
    }
  }
  return null;
}

/** Look-alike dots and slashes (fullwidth, one-dot leader, division and fraction slashes) that some decoders fold to ASCII. */
const lookAlike = /[\u2024\u2044\u2215\u2216\uff0e\uff0f\uff3c]/g;
const lookAlikeChar = /[\u2024\u2044\u2215\u2216\uff0e\uff0f\uff3c]/;
const lookAlikeValue: Record<string, string> = { '\u2024': '.', '\uff0e': '.', '\u2044': '/', '\u2215': '/', '\uff0f': '/', '\u2216': '/', '\uff3c': '/' };
const hexSpelling = /0x2e|0x2f|0x5c/g;
const hexValue: Record<string, string> = { '0x2e': '.', '0x2f': '/', '0x5c': '/' };

/** The value as a path: lower case, one kind of separator, no `./` or doubled `/`, no NUL. */
export function normalisePath(value: string): string {
  let path = value.toLowerCase();
  if (lookAlikeChar.test(path)) path = path.replace(lookAlike, (m) => lookAlikeValue[m] ?? m);
  if (path.indexOf('0x') >= 0) path = path.replace(hexSpelling, (m) => hexValue[m] ?? m);
  if (path.indexOf('\\') >= 0) path = path.replace(/^\\\\[?.]\\(?=[a-z]:\\|unc\\)/, '').replace(/\\/g, '/');
  if (path.indexOf('\0') >= 0) path = path.replace(/\0/g, '');
  if (path.indexOf('//') >= 0) path = path.replace(/\/{2,}/g, '/');
  if (path.indexOf('/./') >= 0) path = path.replace(/\/(?:\.\/)+/g, '/');
  if (path.startsWith('./')) path = path.replace(/^(?:\.\/)+/, '');
  return path;
}

type Traversal = { count: number; first: number; escapes: boolean };

/** `..`-like segments of a path; whether the first one climbs above where the value starts. */
function traversals(path: string): Traversal {
  let count = 0;
  let first = -1;
  let escapes = false;
  let onlyEmptyBefore = true;
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== 47) continue;
    const segment = path.slice(start, i);
    const isTraversal = (i < path.length || start > 0) && /^\.{2,}(?:;.*)?$/.test(segment);
    if (isTraversal) {
      count++;
      if (first < 0) {
        first = start;
        escapes = onlyEmptyBefore;
      }
    } else if (segment !== '' && segment !== '.') onlyEmptyBefore = false;
    start = i + 1;
  }
  return { count, first, escapes };
}

/**
 * Whether a sensitive file found in a value makes a hit. A real OS path (`etc/passwd`, `.ssh/`) counts
 * where it starts a path segment; a bare folder (`tmp/`, `proc/`) or a file name without a folder
 * (`package.json`) counts with a traversal that climbs out, or at paranoia 2.
 */
function osFileCounts(phrase: string, at: number, walk: Traversal, paranoia: number, pathBefore: string): boolean {
  if (walk.count >= 2 || walk.escapes || paranoia >= 2) return walk.count > 0 || at > 0 || phrase.includes('/');
  if (at > 0 && /^[a-z]:\/$/.test(pathBefore)) return true;
  const bareFolder = /^[a-z0-9_-]+\/$/.test(phrase);
  // A shell redirection into an OS folder (`>/tmp/out`, `</etc/x`) where the value starts.
  if (bareFolder && /^\s*\d?[<>]{1,2}\s*\/$/.test(pathBefore)) return true;
  const slash = phrase.indexOf('/');
  if (slash > 0 && slash < phrase.length - 1) return true;
  if (phrase.startsWith('.') && !bareFolder) return at > 0 || phrase.endsWith('/');
  return false;
}

const dotRun = /^\/\.{2,}(?=[^.\s])|\.{4,}(?=[/{]|etc|win|boot|web-inf|passwd|shadow|oot\.ini)/;
const wrapper = /\b(?:php|file|phar|zip|expect|glob|compress\.zlib|compress\.bzip2):\/\//;
/** Paranoia 1 needs a separator, a `..` or a hex spelling; higher levels also read bare file names. */
const prefilter = /[/\\\u2044\u2215\u2216\uff0f\uff3c]|\.\.|0x|::\$|\.sql\./i;
const prefilterHigher = /[./\\\u2024\u2044\u2215\u2216\uff0e\uff0f\uff3c]|0x/;

/** A value that is, whole, a separator-stripped OS path (`c:windowswin.ini`, `web-infweb.xml`). */
function strippedOsPath(value: string): boolean {
  if (value.length < 8 || value.length > 80) return false;
  const match = strippedCandidate.exec(value);
  return match !== null && strippedOsPaths.has((match[1] ?? '').toLowerCase());
}

/**
 * A path padded with one character repeated hundreds of times and then a dot or a slash
 * (`/aaaa…aaa../x`): old file APIs cut a path at their length limit, so the padding pushes a suffix the
 * application adds (`.php`) out of the name that is opened.
 */
function pathTruncation(path: string): boolean {
  if (!/^\.{0,2}\//.test(path)) return false;
  let run = 1;
  for (let i = 1; i < path.length; i++) {
    if (path.charCodeAt(i) === path.charCodeAt(i - 1)) {
      run++;
      continue;
    }
    if (run >= 200 && (path[i] === '.' || path[i] === '/')) return true;
    run = 1;
  }
  return false;
}

export function inspectPathTraversal(value: InspectedValue, options: DetectionOptions): Hit | null {
  if (!(options.paranoia >= 2 ? prefilterHigher : prefilter).test(value.value)) {
    if (value.point === 'path' || !strippedOsPath(value.value)) return null;
    return { type: 'path-traversal', point: value.point, payload: excerpt(value.value, 0, 120), score: 0.7, detector: 'path-traversal/stripped-separators' };
  }
  const path = normalisePath(value.value);
  const make = (start: number, score: number, shape: string): Hit => ({
    type: 'path-traversal',
    point: value.point,
    payload: excerpt(shape === 'wrapper' ? value.value : path, start, start + 120),
    score,
    detector: `path-traversal/${shape}`,
  });
  const paranoia = options.paranoia;

  if (value.value.indexOf('://') > 0) {
    const lower = value.value.toLowerCase();
    const match = wrapper.exec(lower);
    // `file://` is named in prose about URLs: at paranoia 1 it counts where it starts the value.
    if (match !== null && (!match[0].startsWith('file') || paranoia >= 2 || /^\s*["']?file:/.test(lower))) {
      return make(match.index, 0.9, 'wrapper');
    }
  } else if (/^\s*file:\/[a-z]/i.test(value.value)) return make(0, 0.85, 'wrapper');

  const osFile = path.indexOf('/') >= 0 || path.indexOf('.') >= 0 ? findPhrase(path, osFiles) : null;
  const walk = path.indexOf('..') >= 0 ? traversals(path) : { count: 0, first: -1, escapes: false };

  if (osFile !== null && osFileCounts(osFile.phrase, osFile.at, walk, paranoia, path.slice(0, osFile.at))) {
    return make(walk.count > 0 ? walk.first : Math.max(0, osFile.at - 1), walk.count > 0 ? 0.95 : 0.9, 'os-file');
  }
  if (walk.count >= 2 || walk.escapes) return make(walk.first, 0.85, 'traversal');
  // Dots run together where a filter strips `../` or separators (`/..foo`, `....//`, `........etc`).
  const dots = dotRun.exec(path);
  if (dots !== null) return make(dots.index, 0.7, 'dot-run');
  if (walk.count === 1 && paranoia >= 2) return make(walk.first, 0.6, 'traversal');
  // Self-references run together (`/././`, `/.//./`), which filters that look for `../` let through:
  // nothing that builds a path writes them, and browsers fold them out of URLs.
  const slashed = value.value.indexOf('\\') >= 0 ? value.value.replace(/\\/g, '/') : value.value;
  if (/(?:^|\/)\.\/+\.\/|^\/\.\/$/.test(slashed)) return make(0, 0.6, 'self-reference');
  // A value that opens with three or more slashes (`///etc/x`): a path padded to slip past a prefix check.
  // At the URL path, where badly joined links double slashes, paranoia 2.
  if (/^\/{3,}[^/\s]/.test(slashed) && (value.point !== 'path' || paranoia >= 2)) return make(0, 0.55, 'slash-run');
  if (slashed.length >= 256 && pathTruncation(slashed)) return make(0, 0.6, 'path-truncation');
  const ads = path.indexOf('::$');
  if (ads > 0 && /^::\$(?:data|index_allocation|bitmap)\b/.test(path.slice(ads)) && /[\w-]$/.test(path.slice(0, ads))) {
    return make(Math.max(0, path.lastIndexOf('/', ads) + 1), 0.8, 'ntfs-stream');
  }
  if (path.indexOf('.sql.') >= 0) {
    const dump = sqlDump.exec(path);
    if (dump !== null && sqlDumpSuffixes.has(dump[1] ?? '')) return make(dump.index, 0.75, 'sql-dump');
  }
  if (value.point !== 'path' && strippedOsPath(value.value)) return make(0, 0.7, 'stripped-separators');

  if (value.point === 'path' || paranoia >= 2) {
    const file = findPhrase(path, restricted);
    // A plain project file counts inside a hidden folder (`/.opencode/config.json`), where tools keep settings.
    const plain = file !== null && paranoia < 2 && isPlainProjectFile(file.phrase) && !/(?:^|\/)\.[^./]/.test(path.slice(0, file.at));
    if (file !== null && !plain && (file.at > 0 || value.point !== 'path')) {
      return make(Math.max(0, file.at - 1), value.point === 'path' ? 0.8 : 0.6, 'restricted-file');
    }
  }
  return null;
}

export const pathTraversalDetector: Detector = {
  name: 'path-traversal',
  type: 'path-traversal',
  inspect: inspectPathTraversal,
};

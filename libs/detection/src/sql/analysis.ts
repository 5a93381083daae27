import { lexSql, sqlKeywords, type SqlToken } from './lexer';

/**
 * SQL injection by shape. A value is read as it would sit in a query: inside a single-quoted string,
 * inside a double-quoted string, as a bare number, or as a whole expression. Where it breaks out of
 * its context (the first unescaped quote, the end of the leading number), the tokens that follow are
 * read for what an attacker does next: a tautology, UNION SELECT, a stacked statement, a truncating
 * comment, a time or error function, a system table, an ORDER BY probe... Each shape has a score;
 * the best one wins.
 */

export type SqlContext = 'single-quote' | 'double-quote' | 'backtick' | 'number' | 'parenthesis' | 'expression';

export type SqlInjectionFinding = {
  /** Short name of the shape, e.g. `tautology`, `union-select`, `stacked-query`. */
  shape: string;
  /** 0 to 1: how strongly the tokens after the break-out are SQL. */
  score: number;
  context: SqlContext;
  /** Offset in the value where the injected SQL starts. */
  offset: number;
};

/** Functions that make a database wait: only blind injection calls them from a request value. */
const timeFunctions = new Set([
  'sleep', 'benchmark', 'pg_sleep', 'dbms_lock.sleep', 'dbms_pipe.receive_message', 'sys.dbms_lock.sleep',
  'randomblob', 'regexp_substring', 'generate_series',
]);

/** Functions used to leak data through errors, files or out-of-band channels, and blind selectors. */
const attackFunctions = new Set([
  'extractvalue', 'updatexml', 'load_file', 'name_const', 'geometrycollection', 'multipoint', 'polygon',
  'multipolygon', 'linestring', 'multilinestring', 'utl_inaddr.get_host_address', 'utl_inaddr.get_host_name',
  'utl_http.request', 'ctxsys.drithsx.sn', 'dbms_utility.sqlid_to_sqlhash', 'dbms_xmlgen.getxml', 'xmltype',
  'make_set', 'elt', 'iif', 'pg_read_file', 'pg_ls_dir', 'lo_import', 'lo_export', 'xp_cmdshell', 'xp_dirtree',
  'gtid_subset', 'json_keys', 'st_latfromgeohash', 'sqlite_version', 'sqlite_compileoption_used', 'crypt_key',
  'sys_context', 'dbms_java.runjava', 'openrowset', 'opendatasource', 'exp',
]);

/** Functions of SQL that no other everyday language or formula has under that name. */
const sqlOnlyFunctions = new Set([
  'concat_ws', 'group_concat', 'string_agg', 'unhex', 'db_name', 'user_name', 'suser_name', 'host_name',
  'current_user', 'system_user', 'session_user', 'current_database', 'sysdate', 'ifnull', 'nvl', 'char_length',
  'lo_get', 'unistr', 'jsonb_pretty', 'json_build_object', 'find_in_set', 'div',
]);

/** JSON functions of SQL: a call compared with something is a condition written for a query. */
const jsonFunctions = new Set(['json_extract', 'json_value', 'json_query', 'json_unquote', 'jsonb_extract_path', 'jsonb_extract_path_text', 'json_extract_path', 'json_contains']);

/**
 * Whole values that are overflow probes, with their scores: the double just below the smallest normal
 * one, that hung the PHP and Java parsers (nothing else writes it), and 2^32, 2^63, 2^64, which are
 * also byte sizes and limits of ordinary APIs (4 GiB is 4294967296), so they wait for paranoia 2.
 */
const overflowNumbers: ReadonlyMap<string, number> = new Map([
  ['2.2250738585072011e-308', 0.8],
  ['2.2250738585072012e-308', 0.8],
  ['4294967296', 0.7],
  ['9223372036854775808', 0.7],
  ['18446744073709551616', 0.7],
]);

/** Functions common in injected SQL but also in ordinary SQL: they strengthen a shape, not make one. */
const sqlFunctions = new Set([
  'char', 'chr', 'nchar', 'concat', 'concat_ws', 'group_concat', 'string_agg', 'ascii', 'ord', 'substring',
  'substr', 'mid', 'hex', 'unhex', 'version', 'database', 'user', 'current_user', 'system_user', 'session_user',
  'schema', 'count', 'cast', 'convert', 'if', 'ifnull', 'isnull', 'nvl', 'coalesce', 'md5', 'sha1', 'rand',
  'floor', 'length', 'len', 'char_length', 'upper', 'lower', 'left', 'right', 'reverse', 'repeat', 'replace',
  'like', 'instr', 'locate', 'position', 'strcmp', 'db_name', 'user_name', 'host_name', 'suser_name',
  'current_database', 'to_char', 'decode', 'row', 'now', 'sysdate', 'compress', 'uncompress', 'bin', 'oct',
  'conv', 'least', 'greatest', 'abs', 'trim', 'ltrim', 'rtrim', 'soundex', 'insert', 'exists',
]);

/** Tables and schemas an attacker enumerates. */
const systemObjects = new Set([
  'information_schema', 'sysobjects', 'syscolumns', 'sysusers', 'sysdatabases', 'sysprocesses', 'syslogins',
  'pg_catalog', 'pg_shadow', 'pg_user', 'pg_tables', 'pg_database', 'sqlite_master', 'sqlite_temp_master',
  'all_users', 'all_tables', 'all_tab_columns', 'user_tables', 'user_tab_columns', 'dba_users', 'msysobjects',
  'msysaccessobjects', 'sysibm', 'syscat', 'mysql.user', 'mysql.db', 'master.dbo', 'msdb', 'rdb$fields',
  'rdb$types', 'rdb$collations', 'rdb$functions', 'rdb$relations', 'domain.domains', 'domain.columns',
  'domain.tables', 'sys.tables', 'sys.objects', 'sys.databases', 'sys.sql_logins', 'v$version', 'dual',
]);

const comparisonOperators = new Set([
  '=', '<>', '!=', '<', '>', '<=', '>=', '<=>', '!<', '!>', '^=',
  // PostgreSQL JSON containment and existence operators.
  '<@', '@>', '?', '?|', '?&', '@?', '->', '->>', '#>', '#>>',
]);

/** Types a literal is cast to the PostgreSQL way (`'1'::int`): only SQL writes `'...'::jsonb`. */
const postgresTypes = new Set(['json', 'jsonb', 'text', 'int', 'int2', 'int4', 'int8', 'integer', 'bigint', 'smallint', 'numeric', 'bool', 'boolean', 'varchar', 'regclass', 'bytea', 'float', 'float8', 'real', 'money', 'xml', 'uuid', 'inet']);

const jsonOperators = new Set(['<@', '@>', '?', '?|', '?&', '@?', '->', '->>', '#>', '#>>']);

/** Math and string functions that are SQL too: a value that is nothing but such a call is a probe. */
const probeFunctions = new Set(['cos', 'sin', 'tan', 'pow', 'power', 'sqrt', 'encode', 'decode', 'lo_get', 'div', 'unistr', 'json_extract', 'find_in_set', 'starts_with', 'jsonb_pretty', 'json_build_object']);

/** Whole values that name a system schema or database: nothing else is called that. */
const distinctiveSystemObjects = new Set(['information_schema', 'pg_catalog', 'sqlite_master', 'msysaccessobjects', 'msysobjects', 'mysql.db', 'mysql.user', 'pg_shadow', 'msdb', 'tempdb', 'sysobjects']);

/** Whole values that are sample databases or catalog functions: also names of other things. */
const systemObjectNames = new Set(['northwind', 'schema_name', 'sysdatabases', 'syscolumns', 'information_schema.tables']);

const comparisonWords = new Set(['like', 'rlike', 'regexp', 'in', 'between', 'is', 'sounds', 'glob', 'similar', 'notnull', 'isnull']);

/** Names of procedures and packages that only an attack calls from a request value. */
const distinctiveNames = new Set([
  'xp_cmdshell', 'xp_dirtree', 'xp_regread', 'xp_fileexist', 'sp_oacreate', 'sp_executesql', 'sp_makewebtask',
  'sp_configure', 'utl_http', 'utl_inaddr', 'utl_file', 'dbms_pipe', 'dbms_lock', 'dbms_xmlgen', 'sys_eval', 'sys_exec',
]);
const logicWords = new Set(['and', 'or', 'xor', '&&', '||']);
const arithmeticOperators = new Set(['+', '-', '*', '/', '%', '||', '&', '|', '^', 'div', 'mod', '::']);

type Sequence = {
  /** Significant tokens: comments removed. */
  sig: SqlToken[];
  /** For each significant token, whether a comment directly follows it. */
  commentAfter: boolean[];
  /** A comment comes before the first significant token. */
  leadingComment: boolean;
  /** Text of the first comment after the last significant token (or before any). */
  trailingCommentText: string;
};

function significant(tokens: SqlToken[]): Sequence {
  const sig: SqlToken[] = [];
  const commentAfter: boolean[] = [];
  let leadingComment = false;
  let trailingCommentText = '';
  let commentsSinceLast = 0;
  for (const token of tokens) {
    if (token.kind === 'comment') {
      if (commentsSinceLast++ === 0) trailingCommentText = token.text;
      if (sig.length === 0) leadingComment = true;
      else commentAfter[sig.length - 1] = true;
      continue;
    }
    sig.push(token);
    commentAfter.push(false);
    commentsSinceLast = 0;
    trailingCommentText = '';
  }
  return { sig, commentAfter, leadingComment, trailingCommentText };
}

/** Per token list, the index after the `)` matching each `(` (-1 when unbalanced): computed once, in one pass. */
const parenMatches = new WeakMap<SqlToken[], Int32Array>();

/** Index after the `)` that matches the `(` at `open`, or -1 when unbalanced. */
function matchParen(sig: SqlToken[], open: number): number {
  let matches = parenMatches.get(sig);
  if (matches === undefined) {
    matches = new Int32Array(sig.length).fill(-1);
    const stack: number[] = [];
    for (let k = 0; k < sig.length; k++) {
      if (sig[k].kind === 'lparen') stack.push(k);
      else if (sig[k].kind === 'rparen' && stack.length > 0) matches[stack.pop() as number] = k + 1;
    }
    parenMatches.set(sig, matches);
  }
  return sig[open]?.kind === 'lparen' ? matches[open] : -1;
}

/** The (possibly dotted) name of a function called at `k`, with the index of its `(`, or null. */
function functionCallAt(sig: SqlToken[], k: number): { name: string; open: number } | null {
  const first = sig[k];
  if (first === undefined || (first.kind !== 'identifier' && first.kind !== 'keyword')) return null;
  let name = first.lower;
  let j = k + 1;
  while (sig[j]?.kind === 'dot' && (sig[j + 1]?.kind === 'identifier' || sig[j + 1]?.kind === 'keyword')) {
    name += `.${sig[j + 1].lower}`;
    j += 2;
  }
  if (sig[j]?.kind !== 'lparen') return null;
  return { name, open: j };
}

/** Arguments read as SQL: no two bare words or a number and a word side by side (prose in parentheses). */
function argumentsLookLikeSql(sig: SqlToken[], open: number, close: number): boolean {
  // The first arguments are enough to tell, and bound the work on long values.
  const end = Math.min(close - 2, open + 48);
  for (let k = open + 1; k < end; k++) {
    const a = sig[k];
    const b = sig[k + 1];
    // `20.to_i` (glued) is code; `8 hours` (spaced) is prose.
    const glued = b.start === a.start + a.text.length;
    if ((a.kind === 'identifier' || a.kind === 'number') && b.kind === 'identifier' && !glued && sig[k - 1]?.lower !== 'as') return false;
  }
  return true;
}

/** Index after one operand (literal, name, call, parenthesised expression, with arithmetic), or -1. */
function readOperand(sig: SqlToken[], k: number, depth = 0): number {
  let j = k;
  while (sig[j] !== undefined && (sig[j].lower === 'not' || sig[j].lower === '!' || sig[j].lower === '-' || sig[j].lower === '+' || sig[j].lower === '~')) j++;
  const token = sig[j];
  if (token === undefined) return -1;
  let end = -1;
  if (token.kind === 'number' || token.kind === 'string' || token.kind === 'variable') end = j + 1;
  else if (token.lower === 'null' || token.lower === 'true' || token.lower === 'false') end = j + 1;
  else if (token.kind === 'lparen') end = matchParen(sig, j);
  else if (token.lower === 'case') {
    for (let m = j + 1; m < sig.length; m++) if (sig[m].lower === 'end') return m + 1;
    return -1;
  } else if (token.kind === 'identifier' || (token.kind === 'keyword' && sqlFunctions.has(token.lower))) {
    const call = functionCallAt(sig, j);
    if (call !== null) end = matchParen(sig, call.open);
    else {
      end = j + 1;
      while (sig[end]?.kind === 'dot' && sig[end + 1]?.kind === 'identifier') end += 2;
    }
  }
  if (end < 0) return -1;
  // Casts and string literals glued to a type (`'a'::text`, `'1' '2'`).
  if (depth < 4 && sig[end] !== undefined && arithmeticOperators.has(sig[end].lower)) {
    if (sig[end].lower === '::' && sig[end + 1]?.kind === 'identifier') return end + 2;
    const more = readOperand(sig, end + 1, depth + 1);
    if (more > 0) return more;
  }
  return end;
}

/** Index after a comparison starting at `k` (`a = b`, `a like b`, `a in (..)`, `a between x and y`), or -1. */
function readComparison(sig: SqlToken[], k: number): number {
  const left = readOperand(sig, k);
  if (left < 0) return -1;
  // `(8459=8459)*4906`: the comparison sits inside the parentheses.
  if (sig[k]?.kind === 'lparen') {
    const close = matchParen(sig, k);
    if (close > 0 && readComparison(sig, k + 1) === close - 1) return left;
  }
  let j = left;
  if (sig[j]?.lower === 'not') j++;
  const op = sig[j];
  if (op === undefined) return -1;
  if (op.kind === 'operator' && comparisonOperators.has(op.lower)) {
    // JSON operators (`?`, `->`, `@>`) compare JSON: a string or a cast on the left, not `3*3?`.
    if (jsonOperators.has(op.lower) && sig[k].kind !== 'string' && sig[left - 2]?.lower !== '::') return -1;
    return readOperand(sig, j + 1);
  }
  if (op.kind !== 'keyword' && op.kind !== 'identifier') return -1;
  if (!comparisonWords.has(op.lower)) return -1;
  if (op.lower === 'notnull' || op.lower === 'isnull') return j + 1;
  if (op.lower === 'is') {
    let m = j + 1;
    if (sig[m]?.lower === 'not') m++;
    return sig[m] !== undefined && ['null', 'true', 'false'].includes(sig[m].lower) ? m + 1 : -1;
  }
  if (op.lower === 'in') return sig[j + 1]?.kind === 'lparen' ? matchParen(sig, j + 1) : -1;
  if (op.lower === 'sounds') return sig[j + 1]?.lower === 'like' ? readOperand(sig, j + 2) : -1;
  if (op.lower === 'between') {
    const low = readOperand(sig, j + 1);
    if (low < 0 || sig[low]?.lower !== 'and') return -1;
    return readOperand(sig, low + 1);
  }
  return readOperand(sig, j + 1);
}

/** Both sides of the comparison at `k` are the same literal (`1=1`, `'a'='a'`): a tautology by construction. */
function sameLiteralsCompared(sig: SqlToken[], k: number): boolean {
  const a = sig[k];
  const op = sig[k + 1];
  const b = sig[k + 2];
  if (a === undefined || op === undefined || b === undefined) return false;
  if (a.kind !== 'number' && a.kind !== 'string') return false;
  if (op.lower !== '=' && op.lower !== 'like') return false;
  const strip = (t: SqlToken): string => (t.kind === 'string' ? t.text.replace(/^['"]|['"]$/g, '') : t.text);
  return (b.kind === 'number' || b.kind === 'string') && strip(a) === strip(b);
}

const statementFollowers: Record<string, (sig: SqlToken[], k: number) => boolean> = {
  drop: (sig, k) => ['table', 'database', 'schema', 'view', 'procedure', 'function', 'user', 'index', 'trigger'].includes(sig[k]?.lower ?? ''),
  create: (sig, k) => ['table', 'database', 'schema', 'view', 'procedure', 'function', 'user', 'index', 'trigger'].includes(sig[k]?.lower ?? ''),
  alter: (sig, k) => ['table', 'database', 'schema', 'view', 'procedure', 'function', 'user', 'login'].includes(sig[k]?.lower ?? ''),
  truncate: (sig, k) => sig[k]?.lower === 'table' || (sig[k]?.kind === 'identifier' && sig[k + 1] === undefined) || (sig[k]?.text === '[' && sig[k].start === sig[k - 1].start + 8),
  insert: (sig, k) => sig[k]?.lower === 'into' && (sig[k + 1]?.kind === 'identifier' || sig[k + 1]?.kind === 'keyword') && [undefined, 'values', '(', 'select', 'set', '.'].includes(sig[k + 2]?.lower),
  replace: (sig, k) => sig[k]?.lower === 'into' || (sig[k]?.kind === 'identifier' && sig[k + 1]?.kind === 'lparen'),
  delete: (sig, k) => sig[k]?.lower === 'from' && sig[k + 1] !== undefined && [undefined, 'where', ';', '.'].includes(sig[k + 2]?.lower),
  update: (sig, k) => sig[k]?.kind === 'identifier' && sig[k + 1]?.lower === 'set' && sig[k + 3]?.lower === '=',
  exec: (sig, k) => sig[k]?.kind === 'identifier' || sig[k]?.kind === 'variable' || sig[k]?.kind === 'lparen',
  execute: (sig, k) => sig[k]?.kind === 'identifier' || sig[k]?.kind === 'variable' || sig[k]?.kind === 'lparen',
  declare: (sig, k) => sig[k]?.kind === 'variable',
  set: (sig, k) => sig[k]?.kind === 'variable' && sig[k + 1]?.lower === '=',
  waitfor: (sig, k) => sig[k]?.lower === 'delay' || sig[k]?.lower === 'time',
  shutdown: (sig, k) => sig[k] === undefined || sig[k].lower === 'with',
  call: (sig, k) => functionCallAt(sig, k) !== null,
  select: (sig, k) => selectListAt(sig, k),
  iif: (sig, k) => sig[k]?.kind === 'lparen',
  if: (sig, k) => sig[k]?.kind === 'lparen',
  load: (sig, k) => sig[k]?.lower === 'data',
  grant: (sig, k) => sig[k]?.kind === 'keyword' || sig[k]?.kind === 'identifier',
  use: (sig, k) => sig[k]?.kind === 'identifier' && sig[k + 1] === undefined,
  show: (sig, k) => ['tables', 'databases', 'grants', 'variables'].includes(sig[k]?.lower ?? ''),
  begin: (sig, k) => sig[k]?.lower === 'declare',
};

/**
 * A select list that reads as SQL: `*`, a literal, NULL, a call, a variable, or a name followed by a
 * comma, FROM, a dot or the end. Prose ("select the best option") has bare words side by side.
 */
function selectListAt(sig: SqlToken[], k: number): boolean {
  let j = k;
  while (sig[j] !== undefined && ['all', 'distinct', 'distinctrow', 'top'].includes(sig[j].lower)) j++;
  const first = sig[j];
  if (first === undefined) return false;
  if (first.lower === '*' || first.kind === 'number' || first.kind === 'variable' || first.kind === 'string') return true;
  if (first.lower === 'null' || first.kind === 'lparen' || first.lower === 'case') return true;
  if (functionCallAt(sig, j) !== null) return true;
  if (first.kind === 'identifier') {
    const after = sig[j + 1];
    return after !== undefined && (after.kind === 'comma' || after.lower === 'from' || after.kind === 'dot');
  }
  return false;
}

/** A complete `SELECT list FROM name` with a list that reads as SQL (see `selectListAt`). */
function selectStatementAt(sig: SqlToken[], k: number): boolean {
  if (sig[k]?.lower !== 'select' || !selectListAt(sig, k + 1)) return false;
  for (let j = k + 1; j < sig.length && j < k + 40; j++) {
    if (sig[j].lower === 'from') return sig[j + 1] !== undefined && (sig[j + 1].kind === 'identifier' || sig[j + 1].kind === 'lparen');
  }
  return false;
}

/**
 * Whether the statement from `k` on has anything of SQL beyond words: punctuation, literals, calls,
 * dotted names or clause keywords. "select one from the list" parses as SQL but has none of these.
 */
function hasSqlSignal(sig: SqlToken[], k: number): boolean {
  for (let j = k + 1; j < sig.length && j < k + 40; j++) {
    const t = sig[j];
    if (t.kind !== 'identifier' && t.kind !== 'keyword') return true;
    if (['where', 'union', 'limit', 'join', 'group', 'order', 'having', 'into', 'values', 'null'].includes(t.lower)) return true;
    if (t.text.startsWith('`') || t.text.startsWith('[')) return true;
  }
  return false;
}

function stackedStatementAt(sig: SqlToken[], k: number): boolean {
  const word = sig[k];
  if (word === undefined) return false;
  const follower = statementFollowers[word.lower];
  return follower !== undefined && follower(sig, k + 1);
}

function isNameToken(token: SqlToken | undefined): boolean {
  return token !== undefined && (token.kind === 'identifier' || token.kind === 'keyword');
}

/** The qualified name at `k` (`information_schema.tables` gives `information_schema`, `mysql.user`). */
function systemObjectAt(sig: SqlToken[], k: number): boolean {
  const token = sig[k];
  if (token.kind !== 'identifier' && token.kind !== 'keyword') return false;
  const name = token.lower.replace(/`/g, '');
  if (systemObjects.has(name)) return true;
  if (sig[k + 1]?.kind === 'dot' && isNameToken(sig[k + 2])) return systemObjects.has(`${name}.${sig[k + 2].lower}`);
  return false;
}

type Shape = { shape: string; score: number; at: number };

/** A quoted literal that holds a JSON object or array: `'{"a":1}'`, `'[1,2]'`. */
function isJsonLiteral(token: SqlToken): boolean {
  const open = token.text.charCodeAt(1);
  const close = token.text.charCodeAt(token.text.length - 2);
  return !token.unterminated && token.text.length >= 4 && ((open === 123 && close === 125) || (open === 91 && close === 93));
}

function better(best: Shape | null, candidate: Shape): Shape {
  return best === null || candidate.score > best.score ? candidate : best;
}

/** Bare words side by side at `j`, `j + 1`: prose, not SQL, so weaker shapes after them count less. */
function prosePairAt(sig: SqlToken[], j: number): boolean {
  const a = sig[j];
  const b = sig[j + 1];
  if (a.kind === 'identifier' && b.kind === 'identifier' && sig[j - 1]?.lower !== 'as' && sig[j - 1]?.lower !== 'from') return true;
  return a.kind === 'number' && b.kind === 'identifier';
}

/**
 * Shapes in the significant tokens from `from` on. `brokeOut` says the tokens follow a break-out from a
 * string or number context, where boolean and comment shapes are meaningful; an expression context
 * only takes the shapes that are SQL by themselves.
 */
function scanShapes(seq: Sequence, from: number, brokeOut: boolean, quote = ''): Shape | null {
  const { sig, commentAfter } = seq;
  let best: Shape | null = null;
  let start = from;
  while (sig[start]?.kind === 'rparen') start++;
  const strength = brokeOut ? 1 : 0.9;
  let prose = false;

  for (let k = from; k < sig.length; k++) {
    const token = sig[k];
    const lower = token.lower;
    // Prose before `k`: some pair of bare words between the break-out and here.
    if (brokeOut && !prose && k - 2 >= start && prosePairAt(sig, k - 2)) prose = true;
    const weaken = prose ? 0.7 : 1;

    // `XunionSELECTfrom`: the keywords glued together once a filter has stripped the spaces or comments.
    if (token.kind === 'identifier' && token.text.length >= 11 && gluedUnionSelectIn(token.text, 0, token.text.length)) {
      best = better(best, { shape: 'union-select', score: 0.8, at: k });
    }
    if (lower === 'union') {
      let j = k + 1;
      while (sig[j] !== undefined && ['all', 'distinct', 'distinctrow'].includes(sig[j].lower)) j++;
      while (sig[j]?.kind === 'lparen') j++;
      if (sig[j]?.lower === 'select' && (selectListAt(sig, j + 1) || brokeOut || sig[j + 1] === undefined)) best = better(best, { shape: 'union-select', score: 0.95 * strength, at: k });
      continue;
    }
    // `';SELECT x`: a statement right after the break-out, whatever it selects.
    if (brokeOut && k === start && token.kind === 'semicolon' && sig[k + 1]?.lower === 'select' && sig[k + 1] !== undefined && sig[k + 2] !== undefined) {
      best = better(best, { shape: 'stacked-query', score: 0.85, at: k });
    }
    if (token.kind === 'string' && sig[k + 1]?.lower === '::' && postgresTypes.has(sig[k + 2]?.lower ?? '')) {
      best = better(best, { shape: 'cast', score: 0.8, at: k });
    }
    const operand = sig[k + 2];
    if (brokeOut && k === start && ['like', 'rlike', 'regexp'].includes(lower) && sig[k + 1]?.kind === 'lparen' && (operand === undefined || operand.kind === 'string' || operand.kind === 'number' || operand.lower === 'select')) {
      best = better(best, { shape: 'keyword-after-break-out', score: 0.8, at: k });
    }
    if (token.kind === 'semicolon' && stackedStatementAt(sig, k + 1)) {
      const strong = ['drop', 'waitfor', 'exec', 'execute', 'declare', 'shutdown', 'truncate', 'insert', 'delete', 'update', 'call', 'iif', 'begin'].includes(sig[k + 1].lower);
      const score = brokeOut ? (strong ? 0.95 : 0.9) : strong ? 0.85 : 0.8;
      best = better(best, { shape: 'stacked-query', score: score * weaken, at: k });
      continue;
    }
    // `WAITFOR DELAY '0:0:5'`, also with `+` for the spaces (`"+WAITFOR+DELAY+'`).
    const plus = sig[k + 1]?.lower === '+' ? 1 : 0;
    const delayAt = k + 1 + plus;
    if (lower === 'waitfor' && (sig[delayAt]?.lower === 'delay' || sig[delayAt]?.lower === 'time') && (sig[delayAt + 1]?.kind === 'string' || (plus === 1 && sig[delayAt + 1]?.lower === '+' && sig[delayAt + 2]?.kind === 'string'))) {
      best = better(best, { shape: 'time-delay', score: 0.95, at: k });
      continue;
    }
    if (lower === 'procedure' && sig[k + 1]?.lower === 'analyse') {
      best = better(best, { shape: 'procedure-analyse', score: 0.9, at: k });
      continue;
    }
    if (lower === 'into' && (sig[k + 1]?.lower === 'outfile' || sig[k + 1]?.lower === 'dumpfile')) {
      best = better(best, { shape: 'into-outfile', score: 0.95, at: k });
      continue;
    }
    if (token.kind === 'variable' && lower.startsWith('@@')) {
      best = better(best, { shape: 'system-variable', score: (brokeOut ? 0.85 : 0.7) * weaken, at: k });
      continue;
    }
    if (distinctiveNames.has(lower)) {
      best = better(best, { shape: 'attack-procedure', score: 0.85, at: k });
      continue;
    }
    if (systemObjectAt(sig, k) && (lower !== 'dual' || sig[k - 1]?.lower === 'from')) {
      const named = sig[k - 1]?.lower === 'from' || sig[k - 1]?.lower === 'join' || sig[k + 1]?.kind === 'dot';
      best = better(best, { shape: 'system-table', score: (named ? 0.9 : 0.7) * (brokeOut ? 1 : 0.95) * weaken, at: k });
    }
    // `'{"a":"b"}' ? 'a'`, `'[1,2]' @> '1'`: a JSON literal compared the PostgreSQL or MySQL way.
    if (token.kind === 'string' && isJsonLiteral(token) && sig[k + 1]?.kind === 'operator' && comparisonOperators.has(sig[k + 1].lower)) {
      const right = sig[k + 2];
      if (right !== undefined && (right.kind === 'string' || right.lower === 'array')) best = better(best, { shape: 'json-comparison', score: 0.8 * weaken, at: k });
    }
    // `1.e(ascii)`, `1.e.tables`: MySQL reads `1.e` as a number glued to the next name or call.
    if (token.kind === 'number' && token.text.endsWith('.') && sig[k + 1]?.lower === 'e' && sig[k + 1].start === token.start + token.text.length) {
      const after = sig[k + 2];
      if (after !== undefined && (after.kind === 'lparen' || after.kind === 'dot') && isNameToken(sig[k + 3])) best = better(best, { shape: 'glued-number', score: 0.8, at: k });
    }
    const call = functionCallAt(sig, k);
    if (call !== null) {
      const close = matchParen(sig, call.open);
      // `json_build_object(1,password)::jsonb`: a call of SQL's own cast the PostgreSQL way.
      if (close > 0 && sqlOnlyFunctions.has(call.name) && sig[close]?.lower === '::' && postgresTypes.has(sig[close + 1]?.lower ?? '')) {
        best = better(best, { shape: 'cast', score: 0.8, at: k });
      }
      // `json_extract('{"id": 14}', '$.name') = 'x'`: a JSON function of SQL in a comparison.
      if (close > 0 && jsonFunctions.has(call.name) && sig[call.open + 1]?.kind === 'string' && sig[close]?.kind === 'operator' && comparisonOperators.has(sig[close].lower)) {
        best = better(best, { shape: 'json-comparison', score: 0.8 * weaken, at: k });
      }
      // Outside a break-out, a call followed by a bare word is prose ("Benchmark (2024) results").
      const followedByProse = !brokeOut && close > 0 && sig[close]?.kind === 'identifier';
      const sqlArgs = !followedByProse && argumentsLookLikeSql(sig, call.open, close < 0 ? sig.length + 1 : close);
      if (sqlArgs && timeFunctions.has(call.name)) {
        best = better(best, { shape: 'time-function', score: 0.95 * strength * weaken, at: k });
      } else if (sqlArgs && attackFunctions.has(call.name) && (call.name !== 'exp' || sig[call.open + 1]?.lower === '~')) {
        best = better(best, { shape: 'attack-function', score: 0.9 * strength * weaken, at: k });
      } else if (sqlArgs && sqlFunctions.has(call.name) && brokeOut && !prose) {
        best = better(best, { shape: 'sql-function', score: 0.6, at: k });
      }
    }
    if (lower === 'select') {
      const previous = sig[k - 1];
      const embedded = previous !== undefined && (previous.kind === 'lparen' || previous.kind === 'operator' || previous.kind === 'comma' || ['in', 'exists', 'all', 'any'].includes(previous.lower));
      if (embedded && selectListAt(sig, k + 1)) best = better(best, { shape: 'subquery', score: (brokeOut ? 0.9 : 0.8) * weaken, at: k });
      // Right after a break-out a bare SELECT is a syntax error (`'select * from t'` is a quoted query, not an injection).
      else if (selectStatementAt(sig, k)) {
        const score = !brokeOut ? (hasSqlSignal(sig, k) ? 0.8 : 0.7) : k === start ? 0.6 : 0.75;
        best = better(best, { shape: 'select-statement', score: score * weaken, at: k });
      }
    }
    if (brokeOut && (lower === 'order' || lower === 'group') && sig[k + 1]?.lower === 'by') {
      const target = sig[k + 2];
      const afterTarget = sig[k + 3];
      const ends = afterTarget === undefined || afterTarget.kind === 'comma' || afterTarget.lower === 'asc' || afterTarget.lower === 'desc' || afterTarget.kind === 'rparen';
      if (target?.kind === 'number' && ends) best = better(best, { shape: 'order-by-probe', score: 0.9 * weaken, at: k });
      else if (target !== undefined && (target.kind === 'identifier' || target.kind === 'lparen') && (ends || commentAfter[k + 2])) {
        best = better(best, { shape: 'order-by-probe', score: 0.65 * weaken, at: k });
      }
    }
    if ((lower === 'where' || lower === 'having' || lower === 'when') && brokeOut) {
      const end = readComparison(sig, k + 1);
      if (end > 0) best = better(best, { shape: lower === 'having' ? 'having' : 'where-clause', score: 0.85 * weaken, at: k });
    }
    if (lower === 'case' && sig[k + 1]?.lower === 'when' && (k === 0 || sig[k - 1].kind === 'lparen' || sig[k - 1].kind === 'comma')) {
      const end = readComparison(sig, k + 2);
      if (end > 0 && sig[end]?.lower === 'then') best = better(best, { shape: 'conditional', score: (brokeOut ? 0.85 : 0.8) * weaken, at: k });
    }
    if (!brokeOut && k === 0 && token.kind === 'lparen') {
      const close = matchParen(sig, k);
      if (close > 0 && sig[k + 1]?.kind === 'number' && readComparison(sig, k + 1) === close - 1 && sig[close]?.kind === 'operator') {
        best = better(best, { shape: 'boolean-expression', score: 0.8, at: k });
      }
    }
    if (logicWords.has(lower) && (token.kind === 'keyword' || token.kind === 'operator')) {
      const shape = booleanShapeAt(seq, k, brokeOut, k === start);
      if (shape !== null) best = better(best, { ...shape, score: shape.score * weaken });
    }
  }

  if (brokeOut) {
    const first = sig[start];
    // `admin'--`, `1')#`: the rest of the query is cut off right after the break-out.
    const cutAtStart = start === from ? seq.leadingComment && from === 0 : commentAfter[start - 1];
    // A comment that holds the closing quote again (`href="#top"`) is markup, not a cut.
    const cuts = quote === '' || !seq.trailingCommentText.includes(quote);
    if (cuts && (first === undefined ? cutAtStart || (from > 0 && commentAfter[from - 1]) : false)) {
      best = better(best, { shape: 'comment-truncation', score: 0.8, at: from });
    }
    if (first !== undefined && (first.lower === '||' || first.lower === '+') && sig[start + 1] !== undefined) {
      const next = sig[start + 1];
      const call = functionCallAt(sig, start + 1);
      if ((next.kind === 'lparen' && sig[start + 2]?.lower === 'select') || (call !== null && (sqlFunctions.has(call.name) || attackFunctions.has(call.name) || timeFunctions.has(call.name)))) {
        best = better(best, { shape: 'string-concatenation', score: 0.85, at: start });
      } else if (next.kind === 'string' && next.unterminated) {
        // `admin'||'`: joined to an empty string that the query's own quote closes.
        best = better(best, { shape: 'string-concatenation', score: next.text.length === 1 && sig.length === start + 2 ? 0.8 : 0.5, at: start });
      }
    }
    // `'::jsonb`: a PostgreSQL cast glued to the closing quote.
    if (first?.lower === '::' && sig[start + 1]?.kind === 'identifier') best = better(best, { shape: 'cast', score: 0.8, at: start });
    // `` ` AS `alias` FROM ``, `1234 AS "x" FROM t`: the value closes a column and goes on with the query.
    if (first?.lower === 'as' && (sig[start + 1]?.kind === 'identifier' || sig[start + 1]?.kind === 'string') && sig[start + 2]?.lower === 'from') {
      best = better(best, { shape: 'alias-from', score: 0.8, at: start });
    }
    // `'-'`, `'&'`: a probe that joins the string to another with an operator.
    if (first?.kind === 'operator' && sig.length === start + 2 && sig[start + 1].kind === 'string' && sig[start + 1].unterminated && sig[start + 1].text.length === 1) {
      best = better(best, { shape: 'operator-probe', score: 0.7, at: start });
    }
    if (first !== undefined && first.kind === 'keyword' && start < sig.length) {
      best = better(best, { shape: 'keyword-after-break-out', score: 0.45, at: start });
    }
    if (first !== undefined && first.kind === 'semicolon' && sig.length === start + 1) {
      // `admin@example.com';`: the quote closes the string and the statement ends right there.
      best = better(best, { shape: 'statement-end', score: from === 0 && sig.length === 1 ? 0.8 : 0.4, at: start });
    }
  } else {
    const shape = leadingShape(sig, commentAfter);
    if (shape !== null) best = better(best, shape);
  }
  return best;
}

const leadingStatements = new Set(['alter', 'create', 'drop', 'truncate', 'insert', 'delete', 'update', 'declare', 'waitfor', 'shutdown', 'replace']);

/**
 * Shapes of a value that is SQL from its first character (no break-out): a bare call of an SQL
 * function (`concat_ws(`, `benchmark(5000000,md5(1))`), a cast (`password::int`), a statement
 * (`ALTER TABLE ...`, `select user(`), a condition (`OR 'a'::jsonb <@ ...`), a system schema name.
 */
function leadingShape(sig: SqlToken[], seqCommentAfter?: boolean[]): Shape | null {
  const first = sig[0];
  if (first === undefined) return null;
  // `, FIND_IN_SET('22', col)`: the value goes on with a select list or arguments.
  if (first.kind === 'comma' && functionCallAt(sig, 1) !== null) {
    const shape = leadingShape(sig.slice(1));
    return shape === null ? null : { ...shape, at: shape.at + 1 };
  }
  const call = functionCallAt(sig, 0);
  if (call !== null) {
    const known = sqlFunctions.has(call.name) || attackFunctions.has(call.name) || timeFunctions.has(call.name) || probeFunctions.has(call.name);
    const close = matchParen(sig, call.open);
    const whole = close < 0 || close === sig.length || sig[close]?.lower === '::';
    if (known && whole && argumentsLookLikeSql(sig, call.open, close < 0 ? sig.length + 1 : close)) {
      // `rand(`, cut open, is a probe; a complete `upper(name)` may be a formula, unless only SQL has it.
      const certain = close < 0 || sig[close]?.lower === '::' || sqlOnlyFunctions.has(call.name) || attackFunctions.has(call.name) || timeFunctions.has(call.name);
      return { shape: 'function-call', score: certain ? 0.8 : 0.65, at: 0 };
    }
    if (close > 0 && sig[close]?.lower === '::' && sig[close + 1]?.kind === 'identifier') return { shape: 'cast', score: 0.8, at: 0 };
  }
  if (first.kind === 'identifier' && sig[1]?.lower === '::' && sig[2]?.kind === 'identifier' && sig.length <= 4) return { shape: 'cast', score: 0.8, at: 0 };
  if (first.lower === 'select') {
    const next = sig[1];
    // `select(user(`, `selEct(/**/sleep(10))`; not "Select (All)".
    const inner = sig[2];
    const innerCall = functionCallAt(sig, 2);
    if (next?.kind === 'lparen' && inner !== undefined && (inner.lower === 'select' || inner.lower === '*' || inner.kind === 'number' || (innerCall !== null && (sqlFunctions.has(innerCall.name) || timeFunctions.has(innerCall.name) || attackFunctions.has(innerCall.name))))) {
      return { shape: 'select-statement', score: 0.8, at: 0 };
    }
    const nextCall = functionCallAt(sig, 1);
    if (next !== undefined && (next.lower === '*' || next.lower === 'null' || next.lower.startsWith('@@') || timeFunctions.has(next.lower) || (nextCall !== null && (sqlFunctions.has(nextCall.name) || attackFunctions.has(nextCall.name) || timeFunctions.has(nextCall.name))))) {
      return { shape: 'select-statement', score: 0.8, at: 0 };
    }
    if (next?.kind === 'number' && sig[2]?.kind === 'comma') return { shape: 'select-statement', score: 0.8, at: 0 };
    // `SELECT x GROUP BY y HAVING COUNT(id) >= 9`: a name, then clauses.
    if (next?.kind === 'identifier' && ['group', 'order'].includes(sig[2]?.lower ?? '') && sig[3]?.lower === 'by') return { shape: 'select-statement', score: 0.8, at: 0 };
  }
  // `'{"a":1}'::jsonb @> ...`: a literal cast the PostgreSQL way opens the value.
  if (first.kind === 'string' && sig[1]?.lower === '::' && sig[2]?.kind === 'identifier' && (sig[3]?.kind === 'operator' || sig[3] === undefined)) {
    return { shape: 'cast', score: 0.8, at: 0 };
  }
  if ((first.lower === 'declare' || first.lower === 'waitfor' || first.lower === 'shutdown') && stackedStatementAt(sig, 0)) return { shape: 'statement', score: 0.85, at: 0 };
  if (leadingStatements.has(first.lower) && stackedStatementAt(sig, 0)) {
    // "drop table tennis" is both prose and SQL: a whole-value statement needs more than its first words.
    const more = sig.length > 4 ? sig[4] : undefined;
    const structured = sig.some((t) => t.kind === 'lparen' || t.kind === 'semicolon' || t.lower === 'values' || t.lower === 'where' || t.lower === 'set') || (more !== undefined && more.kind === 'keyword');
    return { shape: 'statement', score: structured ? 0.85 : 0.7, at: 0 };
  }
  if ((first.lower === 'exec' || first.lower === 'execute') && sig[1] !== undefined) {
    const target = sig[1].lower;
    if (target === 'immediate' || target.startsWith('xp_') || target.startsWith('sp_') || target === 'master' || target === '(' || sig[1].kind === 'variable') {
      return { shape: 'statement', score: 0.85, at: 0 };
    }
  }
  if (first.lower === 'procedure' && sig[1]?.lower === 'analyse') return { shape: 'statement', score: 0.85, at: 0 };
  if ((first.lower === 'or' || first.lower === 'and') && readComparison(sig, 1) > 0) return { shape: 'tautology', score: 0.8, at: 0 };
  // `AND 7829=(`, `or 120=121=`, `&&(e="`: a condition fragment that opens the value.
  if (logicWords.has(first.lower) && (first.kind === 'keyword' || first.kind === 'operator')) {
    for (let j = 1; j < sig.length && j < 5; j++) {
      if (sig[j].kind === 'operator' && comparisonOperators.has(sig[j].lower) && !jsonOperators.has(sig[j].lower)) return { shape: 'boolean-fragment', score: 0.7, at: 0 };
    }
  }
  if ((first.lower === 'or' || first.lower === 'and') && sig.length === 2 && (sig[1].lower === 'true' || sig[1].kind === 'number') && (seqCommentAfter?.[1] ?? false)) {
    return { shape: 'boolean-truncated', score: 0.8, at: 0 };
  }
  // `'x'!='y`: a comparison of literals that is the whole value, written for a bare context.
  if (first.kind === 'string' && readComparison(sig, 0) === sig.length && sig.length >= 3 && sig[sig.length - 1].kind === 'string') {
    return { shape: 'tautology', score: 0.8, at: 0 };
  }
  if (first.lower === 'case' && sig[1]?.lower === 'when') {
    // `case when x then`: one condition or operand between WHEN and THEN ("case when the tide turns then" is prose).
    const condition = readComparison(sig, 2);
    const end = condition > 0 ? condition : readOperand(sig, 2);
    if (end > 0 && sig[end]?.lower === 'then') return { shape: 'conditional', score: 0.8, at: 0 };
  }
  const name = sig.length === 1 ? first.lower : sig.length === 3 && sig[1].kind === 'dot' ? `${first.lower}.${sig[2].lower}` : '';
  if (distinctiveSystemObjects.has(name)) return { shape: 'system-table', score: 0.8, at: 0 };
  if (systemObjectNames.has(name)) return { shape: 'system-table', score: 0.8, at: 0 };
  return null;
}

/** `OR 1=1`, `and 'a'='a`, `or sleep(5)`, `' or 1--` at the logic operator `k`. */
function booleanShapeAt(seq: Sequence, k: number, brokeOut: boolean, atBreakOut: boolean): Shape | null {
  const { sig, commentAfter } = seq;
  let operandStart = sig[k + 1]?.lower === 'not' ? k + 2 : k + 1;
  // `') or ('a'='a`: parentheses the value opens are closed by the query around it.
  while (sig[operandStart]?.kind === 'lparen' && matchParen(sig, operandStart) < 0) operandStart++;
  const end = readComparison(sig, operandStart);
  if (end > 0) {
    const literal = sameLiteralsCompared(sig, operandStart);
    // What follows a real condition is SQL again (end, `)`, AND, a comment...); a bare word is prose.
    const after = sig[end];
    const closes = after === undefined || after.kind !== 'identifier' || commentAfter[end - 1];
    if (brokeOut) return { shape: 'tautology', score: closes ? 0.9 : 0.6, at: k };
    // Without a break-out, only `x OR 1=1`-style comparisons of one literal with itself.
    return literal && (sig[k].lower === 'or' || sig[k].lower === '||') ? { shape: 'tautology', score: 0.8, at: k } : null;
  }
  if (!brokeOut) return null;
  const call = functionCallAt(sig, operandStart);
  if (call !== null && (timeFunctions.has(call.name) || attackFunctions.has(call.name))) return { shape: 'boolean-function', score: 0.95, at: k };
  const operandEnd = readOperand(sig, operandStart);
  if (operandEnd < 0) return null;
  const operand = sig[operandStart];
  const literal = operand.kind === 'number' || operand.kind === 'string' || operand.lower === 'true' || operand.lower === 'false';
  const isLast = operandEnd === sig.length;
  if (commentAfter[operandEnd - 1]) return { shape: 'boolean-truncated', score: 0.8, at: k };
  // `9999 or true`, `admin' or true`: only right at the break-out ("it's true or false" is prose).
  if (isLast && atBreakOut && (operand.lower === 'true' || operand.lower === 'false')) return { shape: 'boolean-truncated', score: 0.8, at: k };
  if (literal && isLast && operand.kind !== 'string') return { shape: 'boolean-truncated', score: atBreakOut ? 0.7 : 0.55, at: k };
  // `' or false; foo`: the condition ends the statement.
  if (literal && atBreakOut && sig[operandEnd]?.kind === 'semicolon') return { shape: 'boolean-truncated', score: 0.8, at: k };
  // `' or 'x' <`, `xor 5>`: a comparison cut off before its right side.
  const cut = sig[operandEnd];
  if (atBreakOut && cut !== undefined && cut.kind === 'operator' && comparisonOperators.has(cut.lower) && operandEnd === sig.length - 1) {
    return { shape: 'boolean-fragment', score: 0.7, at: k };
  }
  // `' or ''-'`, `' or '' '`: literals and operators up to a string the query's own quote closes.
  const last = sig[sig.length - 1];
  if (atBreakOut && sig[k].lower !== '||' && last.kind === 'string' && last.unterminated && sig.length - operandStart <= 4) {
    let plain = true;
    for (let j = operandStart; j < sig.length; j++) if (sig[j].kind !== 'string' && sig[j].kind !== 'number' && sig[j].kind !== 'operator') plain = false;
    if (plain) return { shape: 'boolean-truncated', score: 0.8, at: k };
  }
  return null;
}

/** The index of the first quote that ends a string the value would sit in, or -1. */
function breakOutIndex(value: string, quote: string): number {
  let i = value.indexOf(quote);
  while (i >= 0) {
    if (value[i - 1] === '\\') {
      i = value.indexOf(quote, i + 1);
      continue;
    }
    if (value[i + 1] === quote) {
      i = value.indexOf(quote, i + 2);
      continue;
    }
    return i;
  }
  return -1;
}

/**
 * Cheap test first, one pass over the value, no allocation. Every shape above needs one of: a quote or
 * backtick, a comment marker (`--`, `#`, `/*`), `::`, `||`, `&&`, `@@`, a value that opens with `(` or `)`,
 * a `1.e(` number, or a word of its own. Words are looked up by a hash of their lower-case characters
 * (a collision only sends a value on to the full analysis, which decides), in four kinds:
 * - `always`: words that make a shape wherever they are (`union`, `or`, `waitfor`, `information_schema`);
 * - `statement`: statement words, only first in the value or after a `;` (`update`, `set`, `use`);
 * - `callable`: function names, only right before `(` (`version(`, `sleep (`);
 * - `dotted`: schema names, only right before `.` (`sys.tables`, `master.dbo`).
 * Parentheses, `;`, `=` and `<` alone do not count: user agents, URLs and prose are full of them.
 */
const always = 1;
const statement = 2;
const callable = 4;
const dotted = 8;

function wordHash(word: string): number {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + (word.charCodeAt(i) | 0x20)) | 0;
  return hash;
}

const quickWords: ReadonlyMap<number, number> = (() => {
  const kinds = new Map<number, number>();
  const add = (words: Iterable<string>, kind: number): void => {
    for (const word of words) {
      const hash = wordHash(word);
      kinds.set(hash, (kinds.get(hash) ?? 0) | kind);
    }
  };
  add(
    [
      'union', 'or', 'and', 'xor', 'order', 'group', 'having', 'where', 'when', 'case', 'waitfor', 'outfile', 'dumpfile',
      'select', 'between', 'notnull', 'isnull', 'rlike', 'regexp', 'procedure', 'shutdown', 'declare', 'exec', 'execute',
      'truncate', 'drop',
      ...distinctiveSystemObjects, ...systemObjectNames, ...distinctiveNames,
    ].filter((word) => !word.includes('.')),
    always,
  );
  add([...leadingStatements, ...Object.keys(statementFollowers), 'exec', 'execute', 'procedure', 'select', 'case'], statement);
  const functions = [...sqlFunctions, ...attackFunctions, ...timeFunctions, ...sqlOnlyFunctions, ...probeFunctions, ...jsonFunctions, 'like', 'rlike', 'regexp'];
  add(functions.filter((name) => !name.includes('.')), callable);
  add([...functions, ...systemObjects, ...distinctiveSystemObjects].filter((name) => name.includes('.')).map((name) => name.slice(0, name.indexOf('.'))), dotted);
  add([...systemObjects].filter((name) => !name.includes('.')), always);
  return kinds;
})();

/** Prefixes before the first `_` of a word: `xp_cmdshell`, `sp_oacreate`, `utl_http`, `dbms_lock`, `sys_eval`. */
const quickPrefixHashes: ReadonlySet<number> = new Set(['xp', 'sp', 'utl', 'dbms', 'sys'].map(wordHash));

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Per ASCII code: 1 for a word character, 2 for a character the gate looks at, 0 otherwise. */
const gateClass: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) if (isWordChar(c)) table[c] = 1;
  for (const c of '\'"`#;|&@:-/.') table[c.charCodeAt(0)] = 2;
  return table;
})();

const gluedUnion = 'union';
const gluedSelect = 'select';

/**
 * Whether `value` has `union`, then `select` later, then the end, a digit, `from` or `null`, between
 * `from` and `to` (`XunionSELECTfrom`, `1unionallselect2`), any case; not `reunionSelection`.
 */
function gluedUnionSelectIn(value: string, from: number, to: number): boolean {
  let union = -1;
  for (let i = from; i + 5 <= to && union < 0; i++) if (foldedAt(value, i, gluedUnion)) union = i + 5;
  if (union < 0) return false;
  for (let i = union; i + 6 <= to; i++) {
    if (!foldedAt(value, i, gluedSelect)) continue;
    const after = i + 6;
    const c = value.charCodeAt(after);
    if (after === to || (c >= 48 && c <= 57) || (after + 4 <= to && (foldedAt(value, after, 'from') || foldedAt(value, after, 'null')))) return true;
  }
  return false;
}

function foldedAt(value: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((value.charCodeAt(at + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** Whether the word that ended at `end` (exclusive) makes the value worth a full analysis. */
function wordCounts(value: string, end: number, kind: number, statementPlace: boolean): boolean {
  if ((kind & always) !== 0) return true;
  if ((kind & statement) !== 0 && statementPlace) return true;
  let j = end;
  if ((kind & dotted) !== 0 && value.charCodeAt(j) === 46) return true;
  if ((kind & callable) === 0) return false;
  while (j < value.length && (value.charCodeAt(j) === 32 || value.charCodeAt(j) === 9 || value.charCodeAt(j) === 10 || value.charCodeAt(j) === 13)) j++;
  return value.charCodeAt(j) === 40;
}

export function mayContainSql(value: string): boolean {
  let hash = 0;
  let prefixHash = 0;
  let underscore = false;
  let length = 0;
  let digitFirst = false;
  // A statement word counts first in the value or after a `;`.
  let statementPlace = true;
  const n = value.length;
  // `(8459=8459)*4906`, `) as t FROM`: a value that opens or closes a parenthesis first.
  let first = 0;
  while (first < n && value.charCodeAt(first) === 32) first++;
  if (value.charCodeAt(first) === 40 || value.charCodeAt(first) === 41) return true;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? value.charCodeAt(i) : 32;
    const charClass = c < 128 ? gateClass[c] : 0;
    if (charClass === 1) {
      if (length === 0) digitFirst = c <= 57;
      if (c === 95 && !underscore) {
        underscore = true;
        prefixHash = hash;
      }
      // `| 0x20` folds upper-case letters; digits, `_` and `$` keep codes of their own.
      hash = (Math.imul(hash, 31) + (c | 0x20)) | 0;
      length++;
      continue;
    }
    if (length > 0) {
      // No listed word is shorter than 2 characters or opens with a digit.
      if (length >= 2 && !digitFirst) {
        const kind = quickWords.get(hash);
        if (kind !== undefined && wordCounts(value, i, kind, statementPlace)) return true;
        if (underscore && quickPrefixHashes.has(prefixHash)) return true;
      }
      if (length >= 11 && gluedUnionSelectIn(value, i - length, i)) return true;
      statementPlace = false;
      hash = 0;
      length = 0;
      underscore = false;
    }
    if (charClass === 0) continue;
    switch (c) {
      case 39: // '
      case 34: // "
      case 96: // `
      case 35: // #
        return true;
      case 59: // ;
        statementPlace = true;
        break;
      case 124: // |
      case 38: // &
      case 64: // @
      case 58: // :
        if (value.charCodeAt(i + 1) === c) return true;
        break;
      case 45: // -
        if (value.charCodeAt(i + 1) === 45) return true;
        break;
      case 47: // /
        if (value.charCodeAt(i + 1) === 42) return true;
        break;
      case 46: // .: `1.e(`, `1.e.tables`
        if ((value.charCodeAt(i + 1) | 0x20) === 101 && (value.charCodeAt(i + 2) === 40 || value.charCodeAt(i + 2) === 46) && i > 0 && value.charCodeAt(i - 1) >= 48 && value.charCodeAt(i - 1) <= 57) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/**
 * Where a MySQL versioned comment opens with an SQL keyword (`/*!50000select`, `/*!union`), or -1.
 * Only MySQL runs the content of such a comment; a licence banner (`/*! jQuery v3`) has a space.
 */
function versionedCommentAt(value: string): number {
  let at = value.indexOf('/*!');
  while (at >= 0) {
    let j = at + 3;
    while (j < value.length && j < at + 8 && value.charCodeAt(j) >= 48 && value.charCodeAt(j) <= 57) j++;
    let end = j;
    while (end < value.length && end < j + 12 && isWordChar(value.charCodeAt(end))) end++;
    if (end > j && sqlKeywords.has(value.slice(j, end).toLowerCase())) return at;
    at = value.indexOf('/*!', at + 3);
  }
  return -1;
}

/** Ends with the word AS before `at` (`6 As"`): the quote opens an alias. */
function aliasBefore(value: string, at: number): boolean {
  let j = at;
  while (j > 0 && isSpaceCode(value.charCodeAt(j - 1))) j--;
  if (j < 2 || (value.charCodeAt(j - 1) | 0x20) !== 115 || (value.charCodeAt(j - 2) | 0x20) !== 97) return false;
  return j === 2 || !isWordChar(value.charCodeAt(j - 3));
}

function isSpaceCode(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Shapes at the edge of the quote that breaks out: `` ` REGEXP `` (a backtick name closed, then a
 * pattern match the query supplies the pattern for), `6 As" from` (an alias, then FROM).
 */
function quoteEdgeShape(value: string, at: number, quote: string, sig: SqlToken[]): Shape | null {
  const first = sig[0];
  if (first === undefined) return null;
  if (quote === '`' && at === 0 && (first.lower === 'regexp' || first.lower === 'rlike') && (sig.length === 1 || (sig.length === 2 && sig[1].kind === 'string'))) {
    return { shape: 'keyword-after-break-out', score: 0.8, at: 0 };
  }
  // `known as "From Dusk Till Dawn"` is prose: after FROM comes at most one name, then the end.
  if (quote !== '`' && first.lower === 'from' && aliasBefore(value, at) && (sig.length === 1 || (sig.length === 2 && isNameToken(sig[1])))) {
    return { shape: 'alias-from', score: 0.8, at: 0 };
  }
  return null;
}

/** The strongest injection shape of `value` over every context it could sit in, or null. */
export function analyzeSqlInjection(value: string): SqlInjectionFinding | null {
  const overflow = value.length >= 10 && value.length <= 23 ? overflowNumbers.get(value) : undefined;
  if (overflow !== undefined) return { shape: 'overflow-number', score: overflow, context: 'number', offset: 0 };
  if (!mayContainSql(value)) return null;
  let best: SqlInjectionFinding | null = null;
  const consider = (shape: Shape | null, context: SqlContext, sig: SqlToken[], base: number): void => {
    if (shape === null) return;
    if (best !== null && best.score >= shape.score) return;
    const token = sig[shape.at];
    best = { shape: shape.shape, score: Math.round(shape.score * 100) / 100, context, offset: token === undefined ? base : token.start };
  };

  for (const [quote, context] of [["'", 'single-quote'], ['"', 'double-quote'], ['`', 'backtick']] as const) {
    const at = breakOutIndex(value, quote);
    if (at < 0) continue;
    const seq = significant(lexSql(value, at + 1));
    consider(scanShapes(seq, 0, true, quote), context, seq.sig, at);
    consider(quoteEdgeShape(value, at, quote, seq.sig), context, seq.sig, at);
  }

  const versioned = versionedCommentAt(value);
  if (versioned >= 0) consider({ shape: 'versioned-comment', score: 0.85, at: -1 }, 'expression', [], versioned);

  const whole = significant(lexSql(value));
  const sig = whole.sig;
  let afterNumber = -1;
  if (sig[0]?.kind === 'number' && !whole.leadingComment) afterNumber = 1;
  else if ((sig[0]?.lower === '-' || sig[0]?.lower === '+') && sig[1]?.kind === 'number' && sig[1].start === sig[0].start + 1) afterNumber = 2;
  if (afterNumber > 0 && (sig.length > afterNumber || whole.commentAfter[afterNumber - 1])) {
    const shape = scanShapes(whole, afterNumber, true);
    // A bare number context is less certain than a quote: a value that is a number then prose is common.
    if (shape !== null) consider({ ...shape, score: shape.shape === 'comment-truncation' ? 0.5 : shape.score }, 'number', sig, 0);
  }
  // `) or 1=1--`, `)like(`: a value that opens by closing a parenthesis breaks out of it.
  if (sig[0]?.kind === 'rparen') consider(scanShapes(whole, 0, true), 'parenthesis', sig, 0);
  consider(scanShapes(whole, 0, false), 'expression', sig, 0);
  return best;
}

/**
 * The path of an endpoint filter (`/users/{id}/orders`, `/files/*`, `/search/\*`) and the OpenSearch
 * `regexp` it becomes.
 */

/**
 * index.max_regex_length of OpenSearch (its default): a longer pattern is refused by the search, so
 * the filter is refused before it, naming the parameter.
 */
export const maxEndpointPatternLength = 1000;

/** Lucene regular expressions (OpenSearch `regexp`) treat these as operators. */
const regexpOperators = /[.?+*|{}[\]()"\\#@&<>~]/g;

/**
 * The parts of an endpoint filter's path: `{name}` stands for one segment, `*` for anything, and `\`
 * makes the next character literal (`/search/\*` is the path `/search/*`, as an attack may request).
 */
type PathPart = { kind: 'literal'; text: string } | { kind: 'segment' } | { kind: 'any' };

function pathParts(path: string): PathPart[] {
  const parts: PathPart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let at = 0; at < path.length; at++) {
    const char = path[at];
    const template = char === '{' ? /^\{[^/{}\\]*\}/.exec(path.slice(at)) : null;
    if (char === '\\' && at + 1 < path.length) {
      at++;
      literal += path[at];
    } else if (char === '*' || template) {
      flush();
      parts.push({ kind: char === '*' ? 'any' : 'segment' });
      if (template) at += template[0].length - 1;
    } else {
      literal += char;
    }
  }
  flush();
  return parts;
}

/** The path of an endpoint filter as a `regexp` over the whole path; null when it has no `{name}` or `*`. */
export function endpointPathPattern(path: string): string | null {
  const parts = pathParts(path);
  if (parts.every((part) => part.kind === 'literal')) return null;
  return parts.map((part) => (part.kind === 'any' ? '.*' : part.kind === 'segment' ? '[^/]+' : part.text.replace(regexpOperators, (operator) => `\\${operator}`))).join('');
}

/** The path an endpoint filter without `{name}` or `*` matches exactly, its escapes read. */
export function endpointLiteralPath(path: string): string {
  return pathParts(path)
    .map((part) => (part.kind === 'literal' ? part.text : ''))
    .join('');
}

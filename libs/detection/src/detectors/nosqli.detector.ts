import type { Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * MongoDB query operators with the score of finding one where a plain value was expected. The classic
 * authentication bypasses (`$ne`, `$gt`, `$regex`) and server-side JavaScript (`$where`, `$function`)
 * score highest; `$eq`, `$in` and the logical ones are also used by query-string filter conventions.
 */
const operatorScores: ReadonlyMap<string, number> = new Map([
  ['$where', 0.95], ['$function', 0.95], ['$accumulator', 0.95], ['$expr', 0.9],
  ['$ne', 0.9], ['$gt', 0.9], ['$gte', 0.9], ['$lt', 0.9], ['$lte', 0.9], ['$regex', 0.9], ['$nin', 0.9],
  ['$exists', 0.9], ['$not', 0.85], ['$nor', 0.85], ['$or', 0.85], ['$and', 0.85], ['$elemmatch', 0.85],
  ['$text', 0.85], ['$type', 0.85], ['$size', 0.85], ['$all', 0.85], ['$mod', 0.85], ['$jsonschema', 0.85],
  ['$lookup', 0.85], ['$eq', 0.8], ['$in', 0.8], ['$options', 0.8], ['$search', 0.8],
]);

/** JavaScript that a `$where` or `$function` runs: only an attacker sends it in a request. */
const javascriptHints = /\bthis\s*\.|\bsleep\s*\(|\bfunction\s*\(|\breturn\b|\bwhile\s*\(|\bdb\s*\.|\bObject\s*\.|=>|\bprocess\s*\./;

/**
 * A value that closes the JavaScript string a `$where` clause builds around it and runs statements of its
 * own: `';return true;var a='`, `'; while(true){}; '`, `"; sleep(5000); "`.
 */
const whereBreakout = /['"]\s*;\s*(?:return\s+(?:true|false|1|0|this\b|[\w.]+\s*(?:===?|!==?|\(|;))|(?:var|let|const)\s+[\w$]+\s*=|while\s*\(|sleep\s*\(|this\s*\.)/;

const minimumScore: Record<Paranoia, number> = { 1: 0.8, 2: 0.75, 3: 0.7, 4: 0.6 };
const maxPayloadChars = 200;

/** The operator named by `$word` starting at `dollar` in `text`, or null. */
function operatorAt(text: string, dollar: number): { name: string; end: number } | null {
  let end = dollar + 1;
  while (end < text.length && end - dollar < 16) {
    const c = text.charCodeAt(end);
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90))) break;
    end++;
  }
  const name = text.slice(dollar, end).toLowerCase();
  return operatorScores.has(name) ? { name, end } : null;
}

/**
 * An operator used as a key inside the text: `"$ne":`, `'$gt' :`, `{$where:`, `[$regex]`. A `$`
 * inside a word (`price$`) or a name that is no operator (`$schema`, `$id`) is not one.
 */
function operatorKeyIn(text: string): { name: string; at: number } | null {
  let dollar = text.indexOf('$');
  while (dollar >= 0) {
    const operator = operatorAt(text, dollar);
    if (operator !== null) {
      const before = text[dollar - 1];
      const after = text.slice(operator.end, operator.end + 4).trimStart()[0];
      const opensKey = before === '"' || before === "'" ? text[operator.end] === before : true;
      const keyBefore = before === undefined || '"\'{[,( \t\n'.includes(before);
      const keyAfter = after === ':' || after === ']' || (after !== undefined && (after === '"' || after === "'") && text.slice(operator.end + 1, operator.end + 6).trimStart()[0] === ':');
      if (keyBefore && opensKey && keyAfter) return { name: operator.name, at: dollar };
    }
    dollar = text.indexOf('$', dollar + 1);
  }
  return null;
}

function hit(value: InspectedValue, score: number, shape: string, from: number): Hit {
  const start = Math.max(0, from - 16);
  return { type: 'nosqli', point: value.point, payload: value.value.slice(start, start + maxPayloadChars), score, detector: `nosqli/${shape}` };
}

/**
 * NoSQL injection: MongoDB query operators where the application expects a plain value. Points name
 * keys with `#key`: a JSON key `body.user.$ne#key` holds `$ne`, a bracket form key
 * `query.user[$ne]#key` holds `user[$ne]`; each is one hit at its key point, and so are values
 * that carry a query object themselves (`{"$where": "sleep(5000)"}`, `[$lte]x`). The code of a
 * `$where` or `$function` (`this.password.match(...)`, `sleep(`) is a hit of its own.
 */
export const nosqliDetector: Detector = {
  name: 'nosqli',
  type: 'nosqli',
  inspect(value, options) {
    const threshold = minimumScore[options.paranoia];
    const point = value.point;
    const text = value.value;
    const isKey = point.endsWith('#key');
    if (isKey) {
      // A JSON key that is itself an operator: `{"user": {"$ne": null}}` gives `body.user.$ne#key` = `$ne`.
      const operator = text.startsWith('$') ? operatorAt(text, 0) : null;
      if (operator !== null && operator.end === text.length) {
        const score = operatorScores.get(operator.name) ?? 0;
        return score >= threshold ? hit(value, score, 'operator-key', 0) : null;
      }
      // A bracket form key, `user[$ne]` at `query.user[$ne]#key`: reported here, where it is seen even
      // when its value is empty (`password[$ne]=`), and not again at the value's point.
      const bracket = text.indexOf('[$');
      if (bracket >= 0) {
        const found = operatorAt(text, bracket + 1);
        if (found !== null && text[found.end] === ']') {
          const score = operatorScores.get(found.name) ?? 0;
          return score >= threshold ? hit(value, score, 'operator-parameter', bracket) : null;
        }
      }
    } else if (/[.[]\$(?:where|function|accumulator)\]?$/i.test(point) && javascriptHints.test(text)) {
      // The code run by `$where` / `$function`: `body.$where`, `body.user.$where`, `query.q[$where]`.
      return hit(value, 0.95, 'where-javascript', 0);
    }
    if ((text.includes("'") || text.includes('"')) && text.includes(';')) {
      const breakout = whereBreakout.exec(text);
      if (breakout !== null && 0.85 >= threshold) return hit(value, 0.85, 'where-breakout', breakout.index);
    }
    if (!text.includes('$')) return null;
    const found = operatorKeyIn(text);
    if (found === null) return null;
    let score = operatorScores.get(found.name) ?? 0;
    if ((found.name === '$where' || found.name === '$function') && javascriptHints.test(text)) score = 0.95;
    return score >= threshold ? hit(value, score, 'operator-in-value', found.at) : null;
  },
};

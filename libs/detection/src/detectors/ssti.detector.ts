import { excerpt } from '../points/excerpt';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * Server-side template injection: a template expression (`{{…}}`, `${…}`, `#{…}`, `*{…}`, `@{…}`,
 * `~{…}`, `<%=…%>`, `{%…%}`, FreeMarker `<#…>`, Velocity `#set(…)`) whose body evaluates something:
 * arithmetic (`{{7*7}}`), Python dunder chains, template globals (`config`, `self`, `lipsum`), Java
 * types (`T(java.lang.Runtime)`), constructor chains, calls. A plain placeholder (`{{name}}`,
 * `${price}`) is what templates and prices look like: it is flagged only at paranoia 3.
 * `${jndi:…}` belongs to the Java detector and is left to it.
 */

type Finding = { shape: string; score: number; paranoia: Paranoia };

const openers: { open: string; close: string }[] = [
  { open: '{{', close: '}}' },
  { open: '${', close: '}' },
  { open: '#{', close: '}' },
  { open: '*{', close: '}' },
  { open: '@{', close: '}' },
  { open: '~{', close: '}' },
  { open: '{%', close: '%}' },
  { open: '<%', close: '%>' },
  { open: '@(', close: ')' },
];

const arithmetic = /^\s*-?\d{1,6}\s*[*+\-/%]\s*['"]?\d{1,6}['"]?\s*$/;
const dunder = /__(?:class|mro|subclasses|globals|builtins|import|init|base|bases|dict|getattribute|reduce)__/;
/** Objects a template exposes that lead to code or secrets. */
const dangerousHead = /^\s*(?:config|self|lipsum|cycler|joiner|namespace|url_for|get_flashed_messages|request\.application|settings|_self\.env|range\.constructor|this\.constructor|constructor\.constructor|app\.|application\.|session\.__|g\.pop)\b/;
const javaType = /\bT\s*\(\s*java\.|java\.lang\.|\.getClass\s*\(|\.forName\s*\(|getRuntime\s*\(|ProcessBuilder|\.exec\s*\(|freemarker\.template|\?new\s*\(|\.popen\s*\(|os\.system|subprocess|process\.mainModule|require\s*\(|child_process|\|attr\s*\(|\.constructor\s*[.(]/;
const templateStatement = /^\s*-?\s*(?:import|from|load|debug|exec|include|extends|macro|set|for|if|raw|php)\b/;
const dangerousStatement = /^\s*-?\s*(?:import|from|load|debug|exec|include)\b/;
const plainPlaceholder = /^\s*[A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_]\w*)*\s*(?:\|\s*\w+\s*)?$/;
const lookupPrefix = /^\s*(?:jndi|lower|upper|env|sys|date|ctx|main|java|bundle|marker|spring|kubernetes|docker|log4j|web|base64|::-)/i;

function judgeBody(opener: string, body: string): Finding | null {
  if (opener === '${' && lookupPrefix.test(body)) return null;
  if (arithmetic.test(body)) return { shape: 'arithmetic', score: 0.85, paranoia: 1 };
  if (dunder.test(body)) return { shape: 'python-object-chain', score: 0.95, paranoia: 1 };
  if (javaType.test(body)) return { shape: 'code-execution', score: 0.95, paranoia: 1 };
  if (opener === '{%' && dangerousStatement.test(body)) return { shape: 'template-statement', score: 0.85, paranoia: 1 };
  if (opener !== '<%' && opener !== '@(' && dangerousHead.test(body)) return { shape: 'template-global', score: 0.8, paranoia: 1 };
  if (opener === '<%' && /^[=-]?\s*[\w.]+\s*\(/.test(body)) return { shape: 'code-execution', score: 0.75, paranoia: 2 };
  if (opener === '{%' && templateStatement.test(body)) return { shape: 'template-statement', score: 0.6, paranoia: 2 };
  if (/[\w\])]\s*\(/.test(body)) return { shape: 'template-call', score: 0.5, paranoia: 2 };
  if (plainPlaceholder.test(body)) return { shape: 'placeholder', score: 0.3, paranoia: 3 };
  return { shape: 'template-expression', score: 0.4, paranoia: 3 };
}

/** Engines whose statement syntax has no braces: FreeMarker directives, Velocity and Smarty. */
const directive = /<#(?:assign|import|include)\b[^>]{0,200}|#set\s*\(\s*\$[^)]{0,200}\)|\{php\}|\{\$smarty\.|\{(?:system|exec|passthru|shell_exec)\s*\(/i;

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  if (!value.includes('{') && !value.includes('<%') && !value.includes('#set') && !value.includes('@(')) return null;
  let best: { finding: Finding; start: number; end: number } | null = null;
  for (const { open, close } of openers) {
    let from = 0;
    for (let count = 0; count < 8; count++) {
      const at = value.indexOf(open, from);
      if (at < 0) break;
      const bodyStart = at + open.length;
      const closeAt = value.indexOf(close, bodyStart);
      const unclosed = closeAt < 0;
      const body = value.slice(bodyStart, unclosed ? Math.min(value.length, bodyStart + 300) : Math.min(closeAt, bodyStart + 300));
      from = bodyStart;
      if (body.trim().length === 0) continue;
      const judged = judgeBody(open, open === '<%' ? body.replace(/^=/, '') : body);
      if (judged === null) continue;
      const finding = unclosed ? { ...judged, paranoia: Math.min(4, judged.paranoia + 1) as Paranoia } : judged;
      if (finding.paranoia <= options.paranoia && (best === null || finding.score > best.finding.score)) {
        best = { finding, start: at, end: unclosed ? value.length : closeAt + close.length };
      }
    }
  }
  const other = directive.exec(value);
  if (other !== null && (best === null || best.finding.score < 0.85)) {
    best = { finding: { shape: 'template-directive', score: 0.85, paranoia: 1 }, start: other.index, end: other.index + other[0].length };
  }
  if (best === null) return null;
  const { finding, start, end } = best;
  return { type: 'ssti', point: input.point, payload: excerpt(value, start, end), score: finding.score, detector: `ssti/${finding.shape}` };
}

export const sstiDetector: Detector = { name: 'ssti', type: 'ssti', inspect };

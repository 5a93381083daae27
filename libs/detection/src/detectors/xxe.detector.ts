import { excerpt } from '../points/excerpt';
import type { DetectionOptions, Detector, Hit, InspectedValue, Paranoia } from '../types';

/**
 * XML external entities: a document type declaration or entity declaration that makes an XML parser
 * read a file or a URL (`<!ENTITY x SYSTEM "file:///etc/passwd">`, an external DTD, parameter entities
 * `%x;`), entity expansion bombs, and XInclude. Read in raw XML bodies and in any value, since XML
 * also travels inside form fields and JSON strings.
 */

type Finding = { shape: string; score: number; paranoia: Paranoia; start: number; end: number };

/** Schemes that make an external entity read something beyond the document. */
const readingSchemes = /^(?:file|https?|ftp|expect|php|jar|netdoc|gopher|data|dict|ldap|phar|zip|compress\.zlib|glob|ssh2|rar|ogg|netdoc|jndi):/i;

const entityDeclaration = /<!ENTITY\s+(%\s*)?([^\s%"'>]{1,100})\s+(?:(SYSTEM|PUBLIC)\s*)?(?:"([^"]{0,500})"|'([^']{0,500})')?/gi;
const externalDoctype = /<!DOCTYPE\s+[^\s[>]{1,100}\s+(?:SYSTEM|PUBLIC)\s+(?:"[^"]{0,300}"\s*)?["']([^"']{0,300})["']/i;
const xinclude = /<(?:[\w-]{1,30}:)?include\b[^>]{0,300}\bhref\s*=|2001\/XInclude/i;

function declarations(value: string): Finding | null {
  let best: Finding | null = null;
  let entityCount = 0;
  const consider = (finding: Finding): void => {
    if (best === null || finding.score > best.score) best = finding;
  };
  entityDeclaration.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = entityDeclaration.exec(value)) !== null && entityCount < 64) {
    entityCount++;
    const start = match.index;
    const end = Math.min(value.length, start + match[0].length + 1);
    const parameter = match[1] !== undefined;
    const external = match[3] !== undefined;
    const target = match[4] ?? match[5] ?? '';
    if (external) {
      const reads = readingSchemes.test(target.trim()) || target.startsWith('/') || /^[a-z]:\\/i.test(target);
      consider({ shape: parameter ? 'parameter-entity' : 'external-entity', score: reads ? 0.95 : 0.85, paranoia: 1, start, end });
    } else if (parameter) {
      consider({ shape: 'parameter-entity', score: 0.85, paranoia: 1, start, end });
    } else if (/&[\w.-]{1,100};/.test(target)) {
      // An entity made of other entities: the shape of an expansion bomb.
      consider({ shape: 'entity-expansion', score: 0.7, paranoia: 1, start, end });
    } else {
      consider({ shape: 'entity-declaration', score: 0.5, paranoia: 2, start, end });
    }
  }
  return best;
}

/**
 * `xsi:schemaLocation="ns http://host/x.xsd"` and `xsi:noNamespaceSchemaLocation=`: a validating parser
 * fetches the schema, so a document that points it at a URL or a file is an out-of-band probe.
 */
const schemaLocation = /\b(?:[\w-]{1,30}:)?(?:noNamespaceSchemaLocation|schemaLocation)\s*=\s*["'](?:[^"'\s]{1,300}\s+)?(?:https?|ftp|file|jar|netdoc|gopher):/i;
/** `!ENTITY % name SYSTEM`: a parameter entity declaration, even with its `<` left off. */
const bareParameterEntity = /!ENTITY\s+%\s*[\w.-]{1,100}\s+(?:SYSTEM|PUBLIC)\b/i;

function inspect(input: InspectedValue, options: DetectionOptions): Hit | null {
  const value = input.value;
  const hasDeclaration = value.includes('<!');
  const hasSchema = value.includes('chemaLocation');
  const hasBareEntity = !hasDeclaration && value.includes('!ENTITY');
  if (!hasDeclaration && !hasSchema && !hasBareEntity && !value.includes('nclude')) return null;
  let finding: Finding | null = null;
  if (hasDeclaration) {
    finding = declarations(value);
    if (finding === null) {
      const doctype = externalDoctype.exec(value);
      if (doctype !== null) {
        const reads = readingSchemes.test(doctype[1]) || doctype[1].startsWith('/');
        finding = { shape: 'external-dtd', score: reads ? 0.9 : 0.6, paranoia: reads ? 1 : 2, start: doctype.index, end: doctype.index + doctype[0].length };
      }
    }
    if (finding === null && /%[\w.-]{1,100};/.test(value) && /<!DOCTYPE/i.test(value)) {
      const at = value.search(/<!DOCTYPE/i);
      finding = { shape: 'parameter-entity', score: 0.8, paranoia: 1, start: at, end: value.length };
    }
  }
  if (finding === null && hasBareEntity) {
    const entity = bareParameterEntity.exec(value);
    if (entity !== null) finding = { shape: 'parameter-entity', score: 0.7, paranoia: 1, start: entity.index, end: entity.index + entity[0].length };
  }
  if (finding === null && hasSchema) {
    const schema = schemaLocation.exec(value);
    // In a parameter no document of the application carries a schema location; a whole XML body
    // (`body`) may declare its schema the ordinary way, so there it waits for paranoia 2.
    if (schema !== null) finding = { shape: 'schema-location', score: 0.75, paranoia: input.point === 'body' ? 2 : 1, start: schema.index, end: schema.index + schema[0].length + 120 };
  }
  if (finding === null) {
    const include = xinclude.exec(value);
    if (include !== null) finding = { shape: 'xinclude', score: 0.85, paranoia: 1, start: include.index, end: include.index + include[0].length + 100 };
  }
  if (finding === null || finding.paranoia > options.paranoia) return null;
  return { type: 'xxe', point: input.point, payload: excerpt(value, finding.start, finding.end), score: finding.score, detector: `xxe/${finding.shape}` };
}

export const xxeDetector: Detector = { name: 'xxe', type: 'xxe', inspect };

/**
 * Index names carry the mapping version and a generation behind a stable alias: readers and the live
 * projector use the alias; `replay` builds a new generation, then moves the alias in one step.
 */
export const mappingVersion = 1;

export type IndexKind = 'requests' | 'sessions';

export function aliasName(prefix: string, kind: IndexKind): string {
  return `${prefix}-${kind}`;
}

export function generationIndexName(prefix: string, kind: IndexKind, generation: string): string {
  return `${aliasName(prefix, kind)}-v${mappingVersion}-${generation}`;
}

export function indexPattern(prefix: string, kind: IndexKind): string {
  return `${aliasName(prefix, kind)}-v${mappingVersion}-*`;
}

import type { FilterName } from './filters';

/**
 * The filters a statistics row's "Show only" sets. Most groups map one to one onto a filter; an
 * endpoint row reads "METHOD host path" while the endpoint filter takes "METHOD path", so it sets the
 * host filter beside it; legitimate requests and requests without a status have no filter (null).
 */
export type StatsGroupKey = 'byMethod' | 'byStatus' | 'byClientIp' | 'byEndpoint' | 'byAttackType' | 'legitimacy';

const filterOfGroup: Record<Exclude<StatsGroupKey, 'byEndpoint' | 'legitimacy'>, FilterName> = {
  byMethod: 'method',
  byStatus: 'status',
  byClientIp: 'clientIp',
  byAttackType: 'attackType',
};

export function showOnlyFilters(group: StatsGroupKey, value: string): Array<[FilterName, string]> | null {
  switch (group) {
    case 'legitimacy':
      return value === 'malicious' ? [['malicious', 'true']] : null;
    case 'byEndpoint': {
      const match = /^(\S+) (\S+) (\/.*)$/.exec(value);
      return match ? [['endpoint', `${match[1]} ${literalEndpointPath(match[3])}`], ['host', match[2]]] : null;
    }
    case 'byStatus':
      return /^[1-5]\d\d$/.test(value) ? [['status', value]] : null;
    default:
      return [[filterOfGroup[group], value]];
  }
}

/**
 * A requested path as an endpoint filter that matches it alone: the filter reads `{name}` and `*` as
 * templates, and `\` before one of `*{}\` as the character itself (the gateway's OpenAPI `endpoint`).
 */
export function literalEndpointPath(path: string): string {
  return path.replace(/[\\*{}]/g, (char) => `\\${char}`);
}

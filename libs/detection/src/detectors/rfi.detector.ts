import { excerpt } from '../points';
import type { Detector, DetectionOptions, Hit, InspectedValue } from '../types';

/**
 * Remote file inclusion: a parameter that hands the application a remote resource to include.
 * Paranoia 1: a URL whose host is an IP literal; a URL (or a bare scheme) ending in `?` that cuts off
 * the suffix the application appends; a UNC path (`\\host\share`); a URL as the whole value of a
 * parameter named like a file or path (`file`, `include`, `_CONF[path]`, `template`).
 * Paranoia 2: a URL as the whole value of a parameter named like a page or URL, any scheme URL as a
 * whole value, and a URL inside the request path.
 */

const prefilter = /:\/\/|^\\\\|\?$/;
const schemeUrl = /(?:^|[^a-z0-9+.-])((?:https?|ftps?):\/\/)([^\s/?#"'<>]*)/gi;
const ipv4 = /^(?:[^@]*@)?(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$/;
const ipv6 = /^(?:[^@]*@)?(?:\[[0-9a-f:.]+\]|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?::\d+)?$/i;
const trailingQuestion = /^(?:(?:https?|ftps?|file):\/\/[^\s]*|(?:https?|ftps?|file))\?+\0?$/i;
const wholeUrl = /^\s*(?:[a-z][a-z0-9+.-]*:)?(?:https?|ftps?|file|gopher|ldap|jar|dict|tftp|local_file|php|data|expect):\/?\/?\S/i;
const unc = /^\\\\[a-z0-9._-]+\\[^\\]/i;

/** Parameter names that say "a file to load" (p1) and "a page or location" (p2). */
const fileName = /(?:^|[^a-z])(?:file|filename|path|include|inc|require|template|tpl|dir|folder|root|conf|config|module|load|layout|mosconfig_absolute_path)(?:[^a-z]|$)|_path\]?$|path\]$/i;
const pageName = /(?:^|[^a-z])(?:page|url|uri|doc|document|view|lang|language|src|href|site|link|target|content|show|read|action|cat|style|pg)(?:[^a-z]|$)/i;

function parameterName(point: string): string | null {
  if (!(point.startsWith('query.') || point.startsWith('body.') || point.startsWith('cookie.'))) return null;
  if (point.endsWith('#key') || point.endsWith('#filename')) return null;
  const dot = point.indexOf('.');
  return point.slice(dot + 1);
}

export function inspectRfi(value: InspectedValue, options: DetectionOptions): Hit | null {
  const text = value.value;
  if (!prefilter.test(text)) return null;
  const make = (start: number, score: number, shape: string): Hit => ({
    type: 'rfi',
    point: value.point,
    payload: excerpt(text, start, start + 160),
    score,
    detector: `rfi/${shape}`,
  });
  const paranoia = options.paranoia;

  if (value.point === 'path') {
    if (paranoia >= 2) {
      const at = text.search(/\/(?:https?|ftps?|file):\/?\//i);
      if (at >= 0) return make(at, 0.6, 'url-in-path');
    }
    return null;
  }
  if (value.point.startsWith('header.')) return null;

  if (text.indexOf('://') >= 0) {
    schemeUrl.lastIndex = 0;
    for (let match = schemeUrl.exec(text); match !== null; match = schemeUrl.exec(text)) {
      const host = match[2] ?? '';
      // At paranoia 1 the URL must be what the value hands over (its start), not a URL named in prose.
      if (paranoia < 2 && !/^[\s"'=]*$/.test(text.slice(0, match.index + 1).replace(/[a-z0-9+.-]$/i, ''))) continue;
      if (ipv4.test(host) || ipv6.test(host)) return make(match.index, 0.8, 'ip-host');
      if (text.indexOf('[') > 0 && /^\[[0-9a-f:.]+$/i.test(host)) return make(match.index, 0.8, 'ip-host');
    }
  }
  if (trailingQuestion.test(text)) return make(0, 0.85, 'trailing-question-mark');
  if (unc.test(text)) return make(0, 0.8, 'unc-path');

  const name = parameterName(value.point);
  if (name !== null && wholeUrl.test(text)) {
    if (fileName.test(name)) return make(0, 0.75, 'include-parameter');
    if (paranoia >= 2) return make(0, pageName.test(name) ? 0.6 : 0.5, 'url-parameter');
  }
  return null;
}

export const rfiDetector: Detector = { name: 'rfi', type: 'rfi', inspect: inspectRfi };

import { scannersUserAgents } from '../data/phrase-lists.generated';
import type { Detector, Hit, InspectedValue } from '../types';

/**
 * Security scanners: a user agent that names a known scanner (CRS scanners-user-agents list, matched
 * case-insensitively as a whole token), or a header that only scanners send.
 */

type Index = Map<string, string[]>;

const agents: Index = new Map();
for (const entry of scannersUserAgents) {
  const phrase = entry.trim().toLowerCase();
  if (phrase.length < 3) continue;
  const key = phrase.slice(0, 3);
  const bucket = agents.get(key) ?? [];
  bucket.push(phrase);
  agents.set(key, bucket);
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

function scannerIn(userAgent: string): string | null {
  const text = userAgent.toLowerCase();
  for (let at = 0; at + 3 <= text.length; at++) {
    if (at > 0 && isAlnum(text.charCodeAt(at - 1))) continue;
    const bucket = agents.get(text.slice(at, at + 3));
    if (bucket === undefined) continue;
    for (const phrase of bucket) {
      if (!text.startsWith(phrase, at)) continue;
      const end = at + phrase.length;
      // A phrase that ends in punctuation (`Mozilla/5.0 (compatible; AppScan;`) is its own boundary.
      if (end >= text.length || !isAlnum(text.charCodeAt(end)) || !isAlnum(phrase.charCodeAt(phrase.length - 1))) {
        return userAgent.slice(at, end);
      }
    }
  }
  return null;
}

/** Headers that scanners add to their requests (Acunetix, WebInspect, Arachni and others). */
const scannerHeaders = new Set([
  'header.acunetix-product',
  'header.acunetix-scanning-agreement',
  'header.acunetix-user-agreement',
  'header.x-scan-memo',
  'header.x-request-memo',
  'header.x-requestmanager-memo',
  'header.x-wipp',
  'header.x-scanner',
  'header.x-arachni-scan-seed',
]);

/**
 * The same user agent comes back on most requests of a session: remember the last answers (a bounded
 * memo of a pure function, so results do not depend on it).
 */
const recentAgents = new Map<string, string | null>();
const recentAgentsMax = 512;

function memoisedScannerIn(userAgent: string): string | null {
  const known = recentAgents.get(userAgent);
  if (known !== undefined) return known;
  const found = scannerIn(userAgent);
  if (recentAgents.size >= recentAgentsMax) recentAgents.clear();
  if (userAgent.length <= 512) recentAgents.set(userAgent, found);
  return found;
}

export function inspectScanner(value: InspectedValue): Hit | null {
  // Only headers: a cheap first-letter test before comparing the whole point.
  if (value.point.charCodeAt(0) !== 104 /* h */) return null;
  if (value.point === 'header.user-agent') {
    const name = memoisedScannerIn(value.value);
    if (name === null) return null;
    return { type: 'scanner', point: value.point, payload: value.value.slice(0, 200), score: 0.9, detector: `scanner/user-agent:${name.toLowerCase()}` };
  }
  if (scannerHeaders.has(value.point)) {
    return { type: 'scanner', point: value.point, payload: value.value.slice(0, 200), score: 0.9, detector: 'scanner/header' };
  }
  return null;
}

export const scannerDetector: Detector = { name: 'scanner', type: 'scanner', inspect: inspectScanner };

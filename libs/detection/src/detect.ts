import { allDetectors } from './detectors';
import { extractValues } from './points';
import type { DetectableRequest, DetectionOptions, Detector, Hit } from './types';

/**
 * Every hit of a request: each registered detector sees each extracted value; at most one hit per
 * (type, point) is kept, the one with the highest score; hits come sorted by point, then type.
 */
export function detect(
  request: DetectableRequest,
  options: DetectionOptions = { paranoia: 1 },
  detectors: readonly Detector[] = allDetectors,
): Hit[] {
  const best = new Map<string, Hit>();
  for (const value of extractValues(request)) {
    for (const detector of detectors) {
      const hit = detector.inspect(value, options);
      if (hit === null) continue;
      const key = `${hit.type}\u0000${hit.point}`;
      const kept = best.get(key);
      if (kept === undefined || hit.score > kept.score) best.set(key, hit);
    }
  }
  return [...best.values()].sort((a, b) =>
    a.point < b.point ? -1 : a.point > b.point ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0,
  );
}

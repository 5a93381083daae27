import { AppError } from '@sessionscope/shared/errors';
import { allDetectors } from './detectors';
import { extractValues } from './points';
import { paranoiaLevels, type DetectableRequest, type DetectionOptions, type Detector, type Hit, type Paranoia, type ParanoiaSettings } from './types';

export function isParanoia(value: unknown): value is Paranoia {
  return (paranoiaLevels as readonly unknown[]).includes(value);
}

/**
 * The options of a request of `application`: its own level when `settings.byApplication` has one, else
 * `settings.paranoia`. Throws an `invalid` AppError naming the application when a level is not 1 to 4.
 */
export function detectionOptionsFor(application: string, settings: ParanoiaSettings): DetectionOptions {
  const own = settings.byApplication !== undefined && Object.hasOwn(settings.byApplication, application) ? settings.byApplication[application] : undefined;
  const paranoia = own ?? settings.paranoia;
  if (!isParanoia(paranoia)) {
    const where = own === undefined ? 'the default paranoia' : `the paranoia of application ${JSON.stringify(application)}`;
    throw new AppError('invalid', 'INVALID_PARANOIA', `${where} is ${JSON.stringify(paranoia)}; a paranoia level is 1, 2, 3 or 4`);
  }
  return { paranoia };
}

/**
 * Every hit of a request: each registered detector sees each extracted value; at most one hit per
 * (type, point) is kept, the one with the highest score; hits come sorted by point, then type.
 */
export function detect(
  request: DetectableRequest,
  options: DetectionOptions = { paranoia: 1 },
  detectors: readonly Detector[] = allDetectors,
): Hit[] {
  // A level outside 1..4 would read no threshold and let every weak finding through: refuse it.
  if (!isParanoia(options.paranoia)) {
    throw new AppError('invalid', 'INVALID_PARANOIA', `paranoia is ${JSON.stringify(options.paranoia)}; a paranoia level is 1, 2, 3 or 4`);
  }
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

export * from './types';
export { detect } from './detect';
export * from './detectors';
export { decodeValue, extractValues, extractionLimits } from './points';
export * from './evaluation';

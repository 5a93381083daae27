export * from './types';
export { detect, detectionOptionsFor, isParanoia } from './detect';
export * from './detectors';
export { decodeValue, extractValues, extractionLimits } from './points';
export * from './evaluation';

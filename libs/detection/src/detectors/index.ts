import type { Detector } from '../types';
import { crlfDetector } from './crlf.detector';
import { javaDetector } from './java.detector';
import { ldapiDetector } from './ldapi.detector';
import { nosqliDetector } from './nosqli.detector';
import { pathTraversalDetector } from './path-traversal.detector';
import { phpDetector } from './php.detector';
import { rceDetector } from './rce.detector';
import { rfiDetector } from './rfi.detector';
import { scannerDetector } from './scanner.detector';
import { sqliDetector } from './sqli.detector';
import { ssrfDetector } from './ssrf.detector';
import { sstiDetector } from './ssti.detector';
import { xssDetector } from './xss.detector';
import { xxeDetector } from './xxe.detector';

/** Every detector `detect` runs, in no particular order (hits are sorted afterwards). */
export const allDetectors: readonly Detector[] = [
  sqliDetector,
  xssDetector,
  rceDetector,
  pathTraversalDetector,
  rfiDetector,
  ssrfDetector,
  sstiDetector,
  xxeDetector,
  nosqliDetector,
  ldapiDetector,
  crlfDetector,
  javaDetector,
  phpDetector,
  scannerDetector,
];

export {
  crlfDetector,
  javaDetector,
  ldapiDetector,
  nosqliDetector,
  pathTraversalDetector,
  phpDetector,
  rceDetector,
  rfiDetector,
  scannerDetector,
  sqliDetector,
  ssrfDetector,
  sstiDetector,
  xssDetector,
  xxeDetector,
};

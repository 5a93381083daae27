export { parseCrsStage, decodeBase64 } from './crs-stage';
export type { CrsStage, ParsedCrsStage } from './crs-stage';
export { parseRawHttpRequest, splitTarget, joinHeaders, dechunk } from './raw-http-request';
export { parseCsv, parseCsvRecords } from './csv';
export { parseCombinedLogLine } from './access-log';
export { valueInQuery, valueInJsonBody } from './payload-requests';
export {
  crsClasses,
  crsClassOf,
  crsRulesOfOtherTypes,
  isCrsPositiveAt,
  measureThroughput,
  payloadLabels,
  payloadRowsOf,
  placements,
  rate,
  summariseCrsRecall,
  summariseFalsePositives,
  summarisePayloads,
} from './metrics';
export type {
  BenignOutcome,
  ClassRecall,
  CrsClass,
  CrsOutcome,
  CrsRecall,
  FalsePositiveSummary,
  LabelRecall,
  PayloadLabel,
  PayloadOutcome,
  PayloadRow,
  PayloadSummary,
  Placement,
  Tally,
  Throughput,
} from './metrics';

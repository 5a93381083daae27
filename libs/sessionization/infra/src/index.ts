export { PartitionCheckpoints } from './partition-checkpoints';
export { PartitionLeases } from './partition-leases';
export { resessionize } from './resessionize';
export type { ResessionizeOptions, ResessionizeReport } from './resessionize';

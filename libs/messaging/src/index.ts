export * from './partitioning';
export * from './wire-format';
export * from './jetstream-connection';
export * from './checkpointed-consumer';
export * from './stream-reader';
export * from './session-config-store';

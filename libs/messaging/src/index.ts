export * from './partitioning';
export * from './jetstream-connection';
export * from './durable-consumer';
export * from './stream-reader';

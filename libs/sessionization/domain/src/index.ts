export * from './sessionizer';
export * from './partition-ownership';
export * from './sessionization.config';

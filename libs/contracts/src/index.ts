export * from './envelope';
export * from './subjects';
export * from './request-record';
export * from './session-key';
export * from './session';
export * from './events';
export * from './json-schema';
export * from './session-config';

export * from './sessionizer';

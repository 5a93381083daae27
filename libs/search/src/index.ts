export * from './index-names';
export * from './mappings';
export * from './documents';
export * from './search-client';
export * from './projection';
export * from './rebuild';
export * from './replay';

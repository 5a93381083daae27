export * from './unique-namespace';

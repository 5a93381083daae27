import { endpointOf, isLocalDefault, localDefaultUrls, redactUrl } from './endpoints';

describe('isLocalDefault', () => {
  it('accepts the shared config defaults and their localhost spellings', () => {
    expect(localDefaultUrls).toEqual({ nats: 'nats://127.0.0.1:4222', redis: 'redis://127.0.0.1:6379', opensearch: 'http://127.0.0.1:9200' });
    expect(isLocalDefault('nats', 'nats://127.0.0.1:4222')).toBe(true);
    expect(isLocalDefault('nats', 'nats://localhost:4222')).toBe(true);
    expect(isLocalDefault('nats', 'localhost:4222')).toBe(true);
    expect(isLocalDefault('redis', 'redis://127.0.0.1:6379')).toBe(true);
    expect(isLocalDefault('redis', 'redis://localhost')).toBe(true);
    expect(isLocalDefault('opensearch', 'http://127.0.0.1:9200')).toBe(true);
    expect(isLocalDefault('opensearch', 'http://localhost:9200/')).toBe(true);
  });

  it('refuses anything that names someone else’s server', () => {
    expect(isLocalDefault('opensearch', 'https://search.example.com')).toBe(false);
    expect(isLocalDefault('opensearch', 'http://127.0.0.1:9201')).toBe(false);
    expect(isLocalDefault('opensearch', 'https://127.0.0.1:9200')).toBe(false);
    expect(isLocalDefault('opensearch', 'http://admin:secret@127.0.0.1:9200')).toBe(false);
    expect(isLocalDefault('nats', 'nats://10.0.0.5:4222')).toBe(false);
    expect(isLocalDefault('nats', 'nats://127.0.0.1:4222,nats://127.0.0.1:4223')).toBe(false);
    expect(isLocalDefault('redis', 'rediss://127.0.0.1:6379')).toBe(false);
    expect(isLocalDefault('redis', 'redis://127.0.0.1:6379/3')).toBe(false);
    expect(isLocalDefault('redis', 'not a url')).toBe(false);
  });
});

describe('endpointOf', () => {
  it('reads host and port, with each service’s default port', () => {
    expect(endpointOf('nats', 'nats://10.0.0.5')).toEqual({ host: '10.0.0.5', port: 4222 });
    expect(endpointOf('nats', 'demo.nats.io:4443,other:4222')).toEqual({ host: 'demo.nats.io', port: 4443 });
    expect(endpointOf('redis', 'redis://:pw@cache:6380/0')).toEqual({ host: 'cache', port: 6380 });
    expect(endpointOf('opensearch', 'https://search.example.com')).toEqual({ host: 'search.example.com', port: 443 });
    expect(endpointOf('opensearch', 'http://[::1]:9200')).toEqual({ host: '::1', port: 9200 });
  });
});

describe('redactUrl', () => {
  it('hides credentials', () => {
    expect(redactUrl('https://admin:secret@search.example.com:9200')).toBe('https://***@search.example.com:9200');
    expect(redactUrl('nats://127.0.0.1:4222')).toBe('nats://127.0.0.1:4222');
  });
});

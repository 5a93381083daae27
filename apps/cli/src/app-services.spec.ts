import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { appServices, isHealthy } from './app-services';

const gateway = appServices.find((service) => service.name === 'gateway')!;

/** An HTTP server on a free port that answers its health path with `status`, and 404 elsewhere. */
async function serverAnswering(status: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    response.statusCode = request.url === gateway.healthPath ? status : 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('isHealthy, the probe of `status` and `up`', () => {
  it('asks the health path at the URL it is given, with or without a trailing slash', async () => {
    const server = await serverAnswering(200);
    try {
      expect(await isHealthy(gateway, server.url)).toBe(true);
      expect(await isHealthy(gateway, `${server.url}/`)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('given an answer that is not 2xx, or nothing listening, then it is not healthy', async () => {
    const server = await serverAnswering(503);
    const { url } = server;
    try {
      expect(await isHealthy(gateway, url)).toBe(false);
    } finally {
      await server.close();
    }
    expect(await isHealthy(gateway, url)).toBe(false);
  });
});

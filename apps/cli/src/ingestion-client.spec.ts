import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImportError, sendChunk } from './ingestion-client';

type Answer = { status: number; headers?: Record<string, string>; body: unknown };

/** A real HTTP server on a free loopback port that gives the scripted answers in turn and records requests. */
async function scriptedIngestion(answers: Answer[]) {
  const requests: Array<{ url: string; contentType: string | undefined; authorization?: string; body: string }> = [];
  const server = http.createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', contentType: request.headers['content-type'], authorization: request.headers.authorization, body: Buffer.concat(parts).toString() });
      const answer = answers[Math.min(requests.length - 1, answers.length - 1)];
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

const accepted = { accepted: 2, rejected: 1, errors: [{ line: 7, field: 'timestamp', message: 'not a time' }] };

describe('sendChunk', () => {
  it('posts the chunk with its query and ingest token and returns the reply', async () => {
    const ingestion = await scriptedIngestion([{ status: 200, body: accepted }]);
    try {
      const reply = await sendChunk({
        ingestionUrl: ingestion.url,
        query: { format: 'combined', sourceId: 'abc', lineOffset: '5' },
        body: Buffer.from('a\nb\nc\n'),
        contentType: 'text/plain; charset=utf-8',
        lines: 'lines 6-8',
        onRetry: () => undefined,
        ingestToken: 'tok-1',
      });

      expect(reply).toEqual({ ...accepted, duplicates: 0, skipped: 0 });
      expect(ingestion.requests).toEqual([
        { url: '/v1/traffic?format=combined&sourceId=abc&lineOffset=5', contentType: 'text/plain; charset=utf-8', authorization: 'Bearer tok-1', body: 'a\nb\nc\n' },
      ]);
    } finally {
      await ingestion.close();
    }
  });

  it('stops at once, naming the token, when ingestion refuses it with 401', async () => {
    const ingestion = await scriptedIngestion([{ status: 401, body: { code: 'INGEST_TOKEN_INVALID', message: 'the ingest token is not valid' } }]);
    try {
      const sending = sendChunk({ ingestionUrl: ingestion.url, query: {}, body: Buffer.from('x\n'), contentType: 'text/plain', lines: 'lines 1-1', onRetry: () => undefined });
      await expect(sending).rejects.toThrow(/HTTP 401: INGEST_TOKEN_INVALID.*SESSIONSCOPE_INGEST_TOKEN/);
      expect(ingestion.requests).toHaveLength(1);
      expect(ingestion.requests[0].authorization).toBe('Bearer sessionscope-development-ingest-token');
    } finally {
      await ingestion.close();
    }
  });

  it('waits as Retry-After says when JetStream is full, then sends the same chunk again', async () => {
    const ingestion = await scriptedIngestion([
      { status: 503, headers: { 'retry-after': '1' }, body: { code: 'BACKPRESSURE', message: 'the request stream is full' } },
      { status: 200, body: accepted },
    ]);
    const retries: string[] = [];
    const startedMs = Date.now();
    try {
      const reply = await sendChunk({
        ingestionUrl: ingestion.url,
        query: { lineOffset: '0' },
        body: Buffer.from('x\n'),
        contentType: 'text/plain',
        lines: 'lines 1-1',
        onRetry: (message) => retries.push(message),
      });

      expect(reply.accepted).toBe(2);
      expect(Date.now() - startedMs).toBeGreaterThanOrEqual(950);
      expect(ingestion.requests.map((request) => request.body)).toEqual(['x\n', 'x\n']);
      expect(retries).toEqual(['lines 1-1: HTTP 503 BACKPRESSURE: the request stream is full; retrying in 1.0 s']);
    } finally {
      await ingestion.close();
    }
  });

  it('stops at once on a refusal that a retry cannot fix, with the server’s message', async () => {
    const ingestion = await scriptedIngestion([{ status: 400, body: { code: 'UNKNOWN_FORMAT', message: 'unknown format "xml"' } }]);
    try {
      const sending = sendChunk({
        ingestionUrl: ingestion.url,
        query: { format: 'xml' },
        body: Buffer.from('x\n'),
        contentType: 'text/plain',
        lines: 'lines 1-1',
        onRetry: () => undefined,
      });
      await expect(sending).rejects.toThrow(new ImportError('ingestion refused lines 1-1: HTTP 400 UNKNOWN_FORMAT: unknown format "xml"'));
      expect(ingestion.requests).toHaveLength(1);
    } finally {
      await ingestion.close();
    }
  });

  it('retries while nothing listens, until ingestion comes up', async () => {
    const ingestion = await scriptedIngestion([{ status: 200, body: accepted }]);
    const port = new URL(ingestion.url).port;
    await ingestion.close();
    const retries: string[] = [];
    let restarted: http.Server | null = null;
    const sending = sendChunk({
      ingestionUrl: `http://127.0.0.1:${port}`,
      query: {},
      body: Buffer.from('x\n'),
      contentType: 'text/plain',
      lines: 'lines 1-1',
      onRetry: (message) => {
        retries.push(message);
        if (!restarted) {
          restarted = http.createServer((_request, response) => response.end(JSON.stringify(accepted)));
          restarted.listen(Number(port), '127.0.0.1');
        }
      },
    });
    try {
      expect((await sending).accepted).toBe(2);
      expect(retries[0]).toMatch(/^lines 1-1: fetch failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); retrying in 0\.5 s$/);
    } finally {
      await new Promise((resolve) => (restarted as http.Server | null)?.close(resolve) ?? resolve(null));
    }
  });
});

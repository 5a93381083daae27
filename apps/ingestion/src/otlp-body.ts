import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { AppError } from '@sessionscope/shared/errors';
import { readBoundedBody } from './bounded-body';

/**
 * The body of an OTLP/HTTP export. The Collector's otlphttp exporter compresses with gzip by default,
 * so gzip is taken here (only here: traffic uploads stay uncompressed); the limit holds both for the
 * bytes sent and for the bytes they expand to.
 */
export async function readOtlpBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const encoding = request.headers['content-encoding']?.toLowerCase();
  if (encoding !== 'gzip') return readBoundedBody(request, maxBytes);
  const compressed = await readCompressed(request, maxBytes);
  try {
    return gunzipSync(compressed, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError) throw new AppError('too-large', 'BODY_TOO_LARGE', `the body expands to more than ${maxBytes} bytes; split the export`, { cause: error });
    throw new AppError('invalid', 'BODY_UNREADABLE', `the body is not valid gzip: ${(error as Error).message}`, { cause: error });
  }
}

async function readCompressed(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let receivedBytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    receivedBytes += chunk.length;
    if (receivedBytes > maxBytes) {
      throw new AppError('too-large', 'BODY_TOO_LARGE', `the body is too large (more than ${maxBytes} bytes sent); split the export`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, receivedBytes);
}

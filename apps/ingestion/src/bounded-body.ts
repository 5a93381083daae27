import type { IncomingMessage } from 'node:http';
import { AppError } from '@sessionscope/shared/errors';

/**
 * Reads a whole request body, refusing one over `maxBytes` with a `too-large` AppError: at once when
 * Content-Length declares too much, else as soon as the streamed bytes pass the limit. Whatever is
 * left of a refused body is discarded as it arrives, never buffered.
 */
export async function readBoundedBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    throw new AppError('invalid', 'UNSUPPORTED_CONTENT_ENCODING', `Content-Encoding "${encoding}" is not supported; send the body uncompressed`);
  }
  const declaredBytes = Number(request.headers['content-length'] ?? 0);
  if (declaredBytes > maxBytes) throw tooLarge(`${declaredBytes} bytes declared`, maxBytes);

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let receivedBytes = 0;
    const finish = (outcome: () => void) => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      receivedBytes += chunk.length;
      if (receivedBytes <= maxBytes) chunks.push(chunk);
      else
        finish(() => {
          chunks.length = 0;
          request.resume();
          reject(tooLarge(`more than ${maxBytes} bytes sent`, maxBytes));
        });
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks, receivedBytes)));
    const onError = (error: Error) => finish(() => reject(new AppError('invalid', 'BODY_UNREADABLE', 'the request body could not be read', { cause: error })));
    const onClose = () => finish(() => reject(new AppError('invalid', 'BODY_INCOMPLETE', 'the client closed the connection before the body ended')));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function tooLarge(what: string, maxBytes: number): AppError {
  return new AppError('too-large', 'BODY_TOO_LARGE', `the body is too large (${what}); the limit is ${maxBytes} bytes: split it into several requests`, {
    details: [{ field: 'body', message: `at most ${maxBytes} bytes` }],
  });
}

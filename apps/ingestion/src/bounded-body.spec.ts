import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { AppError } from '@sessionscope/shared/errors';
import { readBoundedBody } from './bounded-body';

/** A real IncomingMessage fed by hand: chunks are pushed as a socket would. */
function anIncomingMessage(headers: Record<string, string>, chunks: string[], ending: 'end' | 'abort' = 'end'): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  message.headers = headers;
  setImmediate(() => {
    for (const chunk of chunks) message.push(Buffer.from(chunk));
    if (ending === 'end') message.push(null);
    else message.destroy();
  });
  return message;
}

async function failureOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('readBoundedBody', () => {
  it('given a body within the limit, when read, then all its chunks come back in order', async () => {
    const body = await readBoundedBody(anIncomingMessage({}, ['abc', 'def', 'g']), 7);
    expect(body.toString()).toBe('abcdefg');
  });

  it('given an empty body, when read, then it is empty', async () => {
    expect((await readBoundedBody(anIncomingMessage({}, []), 10)).length).toBe(0);
  });

  it('given a Content-Length over the limit, when read, then it is refused at once as too large', async () => {
    const error = await failureOf(readBoundedBody(anIncomingMessage({ 'content-length': '11' }, []), 10));
    expect(error).toMatchObject({ kind: 'too-large', code: 'BODY_TOO_LARGE', message: expect.stringMatching(/11 bytes declared.*limit is 10 bytes/) });
  });

  it('given a streamed body one byte over the limit, when read, then it is refused as too large', async () => {
    const error = await failureOf(readBoundedBody(anIncomingMessage({}, ['12345', '678901']), 10));
    expect(error).toMatchObject({ kind: 'too-large', code: 'BODY_TOO_LARGE', message: expect.stringMatching(/more than 10 bytes sent/) });
  });

  it('given a compressed body, when read, then it is refused as unsupported', async () => {
    const error = await failureOf(readBoundedBody(anIncomingMessage({ 'content-encoding': 'gzip' }, ['x']), 10));
    expect(error).toMatchObject({ kind: 'invalid', code: 'UNSUPPORTED_CONTENT_ENCODING' });
  });

  it('given a client that goes away mid-body, when read, then the body is refused as incomplete', async () => {
    const error = await failureOf(readBoundedBody(anIncomingMessage({}, ['abc'], 'abort'), 10));
    expect(error).toMatchObject({ kind: 'invalid', code: 'BODY_INCOMPLETE' });
  });
});

import { AppError, describeError, toErrorBody } from './index';

describe('toErrorBody', () => {
  it('maps an AppError to its status with code, message and details', () => {
    const error = new AppError('invalid', 'INVALID_FILTER', 'from must be before to', { details: [{ field: 'from', message: 'after to' }] });
    expect(toErrorBody(error)).toEqual({
      status: 400,
      body: { code: 'INVALID_FILTER', message: 'from must be before to', details: [{ field: 'from', message: 'after to' }] },
    });
  });

  it('hides unexpected errors behind a generic 500 without their message', () => {
    const { status, body } = toErrorBody(new Error('secret internals at /srv/app.js:12'));
    expect(status).toBe(500);
    expect(body.message).not.toMatch(/secret/);
  });

  it('describes an error with its chain of causes', () => {
    expect(describeError(new Error('publish failed', { cause: new Error('timeout') }))).toBe('publish failed (cause: timeout)');
  });
});

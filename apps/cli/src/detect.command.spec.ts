import { detectOutcome } from './detect.command';

describe('detectOutcome', () => {
  it('given no line that is a request record, then the run failed and says so as an error', () => {
    expect(detectOutcome({ records: 0, withHits: 0, errors: 3 }, 1)).toEqual({
      level: 'error',
      message: '0 records checked at paranoia 1: 0 with hits; 3 lines not read (no line is a request record)',
      failed: true,
    });
  });

  it('given some unreadable lines, then it is a warning; given none, ok', () => {
    expect(detectOutcome({ records: 5, withHits: 1, errors: 2 }, 2)).toEqual({ level: 'warn', message: '5 records checked at paranoia 2: 1 with hits; 2 lines not read', failed: false });
    expect(detectOutcome({ records: 5, withHits: 0, errors: 0 }, 1)).toMatchObject({ level: 'ok', failed: false });
  });
});

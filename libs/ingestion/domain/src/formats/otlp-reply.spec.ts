import { emptyIngestionReport } from '../ingestion-report';
import { tracePartialSuccess } from './otlp-reply';

describe('tracePartialSuccess', () => {
  it('given every span taken, when replied, then there is no partial success', () => {
    expect(tracePartialSuccess({ ...emptyIngestionReport(), accepted: 3 })).toBeNull();
  });

  it('given rejected and skipped spans, when replied, then rejected_spans counts the rejected and the message says where and what', () => {
    const report = {
      ...emptyIngestionReport(),
      accepted: 1,
      rejected: 1,
      skipped: 1,
      errors: [
        { entry: 0, field: 'kind', message: 'a CLIENT span', skipped: true as const },
        { entry: 2, field: 'url.path', message: '"x" does not start with /' },
      ],
    };
    expect(tracePartialSuccess(report)).toEqual({
      rejectedSpans: 1,
      errorMessage: '1 span(s) rejected: span 2 url.path: "x" does not start with /. 1 span(s) skipped: not HTTP server requests (only SERVER spans with http.request.method are stored)',
    });
  });

  it('given only skipped spans, when replied, then rejected_spans is 0 with a warning', () => {
    const report = { ...emptyIngestionReport(), skipped: 2, errors: [] };
    expect(tracePartialSuccess(report)).toEqual({ rejectedSpans: 0, errorMessage: expect.stringMatching(/^2 span\(s\) skipped/) });
  });
});

import type { IngestionReport } from '../ingestion-report';

/** How many rejections an OTLP error_message lists before it says how many more there were. */
const listedProblems = 5;

/**
 * The partial_success of an ExportTraceServiceResponse for an ingestion report: null when every span
 * was taken; else the rejected count with the first problems (where and what). Skipped spans (not
 * HTTP server requests) are not rejections: alone, they give rejected_spans 0 with a message, which
 * the OTLP spec allows as a warning.
 */
export function tracePartialSuccess(report: IngestionReport): { rejectedSpans: number; errorMessage: string } | null {
  if (report.rejected === 0 && report.skipped === 0) return null;
  const problems = report.errors.filter((error) => !error.skipped).slice(0, listedProblems);
  const described = problems.map((error) => {
    const where = [error.line === undefined ? null : `line ${error.line}`, error.entry === undefined ? null : `span ${error.entry}`].filter(Boolean).join(' ');
    return `${where}${error.field ? ` ${error.field}` : ''}: ${error.message}`;
  });
  const more = report.rejected > problems.length ? `; and ${report.rejected - problems.length} more` : '';
  const parts: string[] = [];
  if (report.rejected > 0) parts.push(`${report.rejected} span(s) rejected: ${described.join('; ')}${more}`);
  if (report.skipped > 0) parts.push(`${report.skipped} span(s) skipped: not HTTP server requests (only SERVER spans with http.request.method are stored)`);
  return { rejectedSpans: report.rejected, errorMessage: parts.join('. ') };
}

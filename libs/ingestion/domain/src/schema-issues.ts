import type { z } from 'zod';
import { LineRejected } from './line-rejection';

/**
 * One rejection for a line that broke the record schema: the first problem names the field, the
 * others are listed in the message so the sender can fix the line in one go.
 */
export function rejectionOfIssues(issues: readonly z.core.$ZodIssue[], fieldNames: Record<string, string> = {}): LineRejected {
  const described = issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const field = fieldNames[path] ?? (path === '' ? null : path);
    return { field, message: messageOf(issue) };
  });
  const [first, ...others] = described;
  const also = others.length === 0 ? '' : `; also ${others.map(({ field, message }) => `${field ?? 'record'}: ${message}`).join('; ')}`;
  return new LineRejected(first.field, `${first.message}${also}`);
}

/** Zod's wording, except where it says too little: a missing field, and the unions of the record schema. */
function messageOf(issue: z.core.$ZodIssue): string {
  if (/received undefined$/.test(issue.message)) return 'is missing';
  if (issue.code !== 'invalid_union') return issue.message;
  const [first] = issue.path;
  if (first === 'clientIp') return 'not an IPv4 or IPv6 address';
  if (first === 'requestHeaders' || first === 'responseHeaders') return 'a header value must be a string or an array of strings';
  return issue.message;
}

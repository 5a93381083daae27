import { SessionConfig, sessionConfigSchema } from '@sessionscope/contracts';
import { AppError } from '@sessionscope/shared/errors';

/** An application name as it appears in a URL path segment and in records. */
const applicationName = /^[^\s/]{1,100}$/;

export function parseApplicationName(application: string): string {
  if (!applicationName.test(application)) {
    throw new AppError('invalid', 'INVALID_PARAMETER', `"${application.slice(0, 100)}" is not an application name (1 to 100 characters, no spaces or slashes)`, {
      details: [{ field: 'application', message: 'not an application name' }],
    });
  }
  return application;
}

/**
 * A session configuration as sent to `PUT .../session-config`, checked whole: every problem is named by
 * its place in the body (`keyChain.1.name`) so that a console can put the message beside the field.
 */
export function parseSessionConfigBody(body: unknown): SessionConfig {
  const parsed = sessionConfigSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  throw new AppError('invalid', 'INVALID_SESSION_CONFIG', `the session configuration is refused: ${details.map((detail) => `${detail.field}: ${detail.message}`).join('; ')}`, { details });
}

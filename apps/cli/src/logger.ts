/**
 * What the CLI tells a person. Progress and logs go to stderr; results a script may want (URLs,
 * summaries) go to stdout through `result`.
 */
export type Logger = {
  step(message: string): void;
  info(message: string): void;
  ok(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  result(message: string): void;
};

type Stream = { write(text: string): unknown; isTTY?: boolean };

export function createLogger(options: { stderr: Stream; stdout: Stream; color: boolean }): Logger {
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const line = (stream: Stream, prefix: string, message: string) => {
    const [first, ...rest] = message.split('\n');
    stream.write(`${prefix}${first}\n${rest.map((more) => `    ${more}\n`).join('')}`);
  };
  return {
    step: (message) => line(options.stderr, paint(36, '==> '), paint(1, message)),
    info: (message) => line(options.stderr, '    ', message),
    ok: (message) => line(options.stderr, paint(32, ' ok '), message),
    warn: (message) => line(options.stderr, paint(33, ' !! '), message),
    error: (message) => line(options.stderr, paint(31, 'error: '), message),
    result: (message) => options.stdout.write(`${message}\n`),
  };
}

import fs from 'node:fs';
import { AppError } from '@sessionscope/shared/errors';

/** Why a file cannot be written, as a person reads it, from the error code of the system call. */
export function describeWriteFailure(code: string | undefined, fallback: string): string {
  switch (code) {
    case 'ENOENT':
      return 'no such directory';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return fallback;
  }
}

/** An output file that cannot be written, naming the option that chose it and the path. */
export function outputFileError(option: string, file: string, cause: unknown): AppError {
  const failure = cause as NodeJS.ErrnoException;
  return new AppError('invalid', 'OUTPUT_NOT_WRITABLE', `${option} ${file} cannot be written: ${describeWriteFailure(failure.code, failure.message)}`, { cause });
}

/**
 * Writes a whole output file at once; a file that cannot be written is an error naming `option` and
 * the path.
 */
export function writeOutputFile(option: string, file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    throw outputFileError(option, file, error);
  }
}

export type OutputFile = {
  path: string;
  /** Resolves when the stream can take more; rejects with the write's failure. */
  write(text: string): Promise<void>;
  /** Flushes and closes; rejects with a failure of any earlier write. */
  close(): Promise<void>;
};

/**
 * Opens (creates or truncates) an output file at once, so that a path that cannot be written fails
 * before any work is done, with an error naming `option` and the path. Later write failures (a full
 * disk) are kept by an 'error' listener and come out of write() or close(), never as an unhandled
 * 'error' event.
 */
export function openOutputFile(option: string, file: string): OutputFile {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, 'w');
  } catch (error) {
    throw outputFileError(option, file, error);
  }
  const stream = fs.createWriteStream(file, { fd: descriptor });
  let failure: AppError | null = null;
  stream.on('error', (error) => {
    failure ??= outputFileError(option, file, error);
  });
  // Settles on the stream's next `event`, or on its failure (already happened or to come).
  const settled = (event: 'drain' | 'finish') =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const done = () => {
        stream.off('error', failed);
        resolve();
      };
      const failed = () => {
        stream.off(event, done);
        reject(failure);
      };
      stream.once(event, done);
      stream.once('error', failed);
    });
  return {
    path: file,
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await settled('drain');
    },
    async close() {
      if (failure) throw failure;
      const finished = settled('finish');
      stream.end();
      await finished;
    },
  };
}

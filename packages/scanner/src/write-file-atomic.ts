import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage-error.js';

/** What an error code of the file system means for a file about to be written. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'its directory is not writable',
  EPERM: 'its directory is not writable',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of its directory path is a file, not a directory',
  EEXIST: 'a part of its directory path is a file, not a directory',
  EISDIR: 'it is a directory',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ENAMETOOLONG: 'its name is too long',
};

function notWritable(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === undefined) return error as Error;
  return new UsageError(`cannot write ${path}: ${REASONS[code] ?? (error as Error).message} (${code})`, {
    cause: error,
  });
}

/** A file nobody may write (no write bit) or this process may not: replaced by no tool, as editors and git refuse to. */
function refuseReadOnly(path: string): void {
  let mode: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return;
    mode = stat.mode;
  } catch {
    return;
  }
  let writable = (mode & 0o222) !== 0;
  if (writable) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable)
    throw new UsageError(
      `${path} is read-only; refusing to replace it (make it writable, e.g. \`chmod u+w\`, if it is meant to change)`,
    );
}

/**
 * Writes a file so readers see the old content or the new, never a half-written one: the text
 * goes to a temporary file beside the target, which is then renamed over it. A read-only target is
 * refused (renaming over it would silently replace it); a path that cannot be written is a
 * `UsageError` naming it and why.
 */
export function writeFileAtomic(path: string, content: string): void {
  refuseReadOnly(path);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Nothing was created where nothing can be (the error below says why).
    }
    throw notWritable(path, error);
  }
}

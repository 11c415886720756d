import { lstat, realpath, stat } from 'node:fs/promises';
import { describeFsError, UsageError } from '../errors.js';

/**
 * Where and how an output is written. A regular file (or a new one) is written to a temporary file
 * and renamed over `path`, so it is never left half-written; a symbolic link is followed, so the
 * rename replaces the file it points to and the link stays. A FIFO or a character device
 * (`/dev/stdout`, a named pipe) cannot be replaced by a rename, and must not be: it is written
 * through directly (`direct`), where the all-or-nothing guarantee cannot apply.
 */
export interface OutputTarget {
  /** The path written: the target, or the file a symbolic link points to. */
  path: string;
  /** Written in place (FIFO, character device) rather than through a temporary file. */
  direct: boolean;
}

/** Decides how `target` (already checked to be in an existing folder) is written; refuses what cannot be. */
export async function resolveOutputTarget(option: string, target: string): Promise<OutputTarget> {
  const link = await lstat(target).catch(() => undefined);
  if (!link) return { path: target, direct: false };
  let path = target;
  if (link.isSymbolicLink()) {
    path = await realpath(target).catch((error) => {
      throw new UsageError(
        `cannot write --${option} ${target}: it is a symbolic link to a missing file or folder (${describeFsError(error)}); write to the file itself`,
      );
    });
  }
  const info = link.isSymbolicLink() ? await stat(path) : link;
  if (info.isFile()) return { path, direct: false };
  if (info.isDirectory()) throw new UsageError(`cannot write --${option} ${target}: it is a folder`);
  if (info.isFIFO() || info.isCharacterDevice()) return { path, direct: true };
  const kind = info.isBlockDevice() ? 'a block device' : info.isSocket() ? 'a socket' : 'not a regular file';
  throw new UsageError(`cannot write --${option} ${target}: it is ${kind}; give a file name`);
}

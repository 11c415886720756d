import { EMError } from '@em/core';

/**
 * A problem with what the user gave us (arguments, files, data): reported as one line on stderr
 * with exit code 2, never with a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes, following the usual conventions (2: bad usage or input; 130: interrupted by Ctrl-C). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** Errors that are the user's to fix: ours, and the typed errors of the `@em/*` packages. */
export function isUserError(error: unknown): error is Error {
  return error instanceof UsageError || error instanceof EMError;
}

/** Describes a Node file-system error in a few words (`ENOENT` → "no such file"). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

import { UsageError } from '../errors.js';

/**
 * Longest line a CSV/TSV input may have: 16 Mi characters (a row of a million numbers). A longer
 * one is not a table (`em fit /dev/zero`, a binary file), and reading it whole would take memory
 * without bound.
 */
export const MAX_LINE_LENGTH = 16 * 1024 * 1024;

/** Largest JSON input, read whole before parsing: 256 Mi characters (CSV streams any size). */
export const MAX_JSON_LENGTH = 256 * 1024 * 1024;

/**
 * Passes `chunks` through unchanged, stopping with a {@link UsageError} as soon as a line grows
 * past `limit` characters, so memory stays bounded whatever the input.
 */
export async function* limitLineLength(
  chunks: AsyncIterable<string>,
  source: string,
  limit = MAX_LINE_LENGTH,
): AsyncGenerator<string> {
  let current = 0;
  let line = 1;
  for await (const chunk of chunks) {
    let start = 0;
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) {
      current += at - start;
      if (current > limit) break;
      current = 0;
      line++;
      start = at + 1;
    }
    if (current <= limit) current += chunk.length - start;
    if (current > limit) throw lineTooLong(source, line, limit);
    yield chunk;
  }
}

export function lineTooLong(source: string, line: number, limit: number): UsageError {
  return new UsageError(
    `${source}, line ${line}: longer than ${limit} characters without a line break: expected a CSV/TSV table or JSON (is it a binary file or a device?)`,
  );
}

export function jsonTooLarge(source: string, limit: number): UsageError {
  return new UsageError(
    `${source}: JSON input larger than ${limit} characters; write large data as CSV, which is streamed`,
  );
}

import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeFsError, UsageError } from '../errors.js';
import { trackTemporaryFile, untrackTemporaryFile } from '../interrupt.js';
import { type OutputTarget, resolveOutputTarget } from './output-target.js';

/** Text to write: a whole string, or pieces produced one after another (for large files). */
export type Content = string | Iterable<string>;

/**
 * Output files written all-or-nothing: each goes to a temporary file next to its target, and only
 * when every one is complete are they renamed into place (a rename within a folder is atomic).
 * On an error or Ctrl-C the temporary files are removed, so no partial output is ever left behind.
 * A symbolic link is followed (the file it points to is replaced, the link kept); a FIFO or a
 * character device is written through, never replaced by a file (see {@link resolveOutputTarget}).
 */
export class OutputFiles {
  private readonly planned = new Map<string, string>();
  private readonly written: { temporary: string; target: string; real: string }[] = [];
  private readonly targets = new Map<string, OutputTarget>();

  /**
   * Checks a target before any work is done: its folder exists, it is not a folder itself, it is
   * not the input, and no other option writes to it.
   */
  async plan(option: string, target: string, inputs: string[] = []): Promise<void> {
    const absolute = resolve(target);
    const other = this.planned.get(absolute);
    if (other) throw new UsageError(`--${option} and --${other} both write to ${target}`);
    if (inputs.some((input) => input !== '-' && resolve(input) === absolute)) {
      throw new UsageError(`--${option} ${target} would overwrite the input file`);
    }
    const folder = dirname(absolute);
    const folderInfo = await stat(folder).catch((error) => {
      throw new UsageError(
        `cannot write --${option} ${target}: folder ${dirname(target)}: ${describeFsError(error)}`,
      );
    });
    if (!folderInfo.isDirectory())
      throw new UsageError(`cannot write --${option} ${target}: ${dirname(target)} is not a folder`);
    this.targets.set(target, await resolveOutputTarget(option, target));
    this.planned.set(absolute, option);
  }

  /** Writes `content` to a temporary file beside `target` (or straight through a FIFO or device). */
  async write(target: string, content: Content): Promise<void> {
    const route = this.targets.get(target) ?? { path: target, direct: false };
    if (route.direct) {
      try {
        await writeStreamed(route.path, typeof content === 'string' ? [content] : content);
      } catch (error) {
        throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
      }
      return;
    }
    const real = route.path;
    const temporary = join(dirname(real), `.${basename(real)}.${process.pid}.${Date.now()}.tmp`);
    trackTemporaryFile(temporary);
    this.written.push({ temporary, target, real });
    try {
      await writeStreamed(temporary, typeof content === 'string' ? [content] : content);
    } catch (error) {
      throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
    }
  }

  /** Moves every temporary file into place. */
  async commit(): Promise<void> {
    for (const { temporary, target, real } of this.written) {
      try {
        await rename(temporary, real);
      } catch (error) {
        throw new UsageError(`cannot write ${target}: ${describeFsError(error)}`);
      }
      untrackTemporaryFile(temporary);
    }
    this.written.length = 0;
  }

  /**
   * Runs `writeFiles` (its calls to write()) and commits them; on any error removes the temporary
   * files and rethrows, so either every file is in place or none is.
   */
  async writeAllOrNothing(writeFiles: () => Promise<void>): Promise<void> {
    try {
      await writeFiles();
      await this.commit();
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** Removes the temporary files (after an error). */
  async discard(): Promise<void> {
    for (const { temporary } of this.written) {
      await unlink(temporary).catch(() => undefined);
      untrackTemporaryFile(temporary);
    }
    this.written.length = 0;
  }
}

async function writeStreamed(path: string, pieces: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  for (const piece of pieces) {
    if (!stream.write(piece))
      await Promise.race([new Promise<void>((r) => stream.once('drain', () => r())), failed]);
  }
  await Promise.race([new Promise<void>((r) => stream.end(() => r())), failed]);
}

/** Writes a command's result to its planned `--output` file, or to stdout when there is none. */
export async function writeResult(
  outputs: OutputFiles,
  output: string | undefined,
  content: Content,
): Promise<void> {
  if (output === undefined) await writeStdout(content);
  else await outputs.writeAllOrNothing(() => outputs.write(output, content));
}

/**
 * Writes to stdout with back-pressure; a closed pipe (`em predict … | head`) ends quietly.
 */
export async function writeStdout(content: Content): Promise<void> {
  for (const piece of typeof content === 'string' ? [content] : content) {
    if (!process.stdout.write(piece)) await new Promise<void>((r) => process.stdout.once('drain', () => r()));
  }
}

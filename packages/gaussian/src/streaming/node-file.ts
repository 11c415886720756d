/** Reading a file by path in Node: positional reads into buffers the caller owns. */
import { InvalidInputError } from '@em/core';

interface FileHandle {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** An open file: its size, and reads that fill the whole range asked for. */
export interface OpenFile {
  size: number;
  /** Fills `into` with the bytes at `position` (fewer only at the end of the file); resolves to the count. */
  readAt(into: Uint8Array, position: number): Promise<number>;
  close(): Promise<void>;
}

/** Opens `path` with `node:fs/promises`, imported lazily so browser bundles never resolve it. */
export async function openFile(path: string): Promise<OpenFile> {
  // A variable specifier keeps browser bundlers from resolving a Node built-in.
  const specifier = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ specifier)) as {
    open(path: string, flags: string): Promise<FileHandle>;
  };
  let handle: FileHandle;
  try {
    handle = await fs.open(path, 'r');
  } catch (error) {
    // Named, typed: the file's absence is bad input, not a crash (the code says which: ENOENT, EACCES…).
    const code = (error as { code?: string }).code ?? String(error);
    throw new InvalidInputError(`source (${JSON.stringify(path)})`, 'a file that can be read', code);
  }
  const { size } = await handle.stat();
  return {
    size,
    async readAt(into, position) {
      let filled = 0;
      while (filled < into.length) {
        const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled;
    },
    close: () => handle.close(),
  };
}

/** The text of a file, decoded piece by piece (UTF-8) from one reused buffer. */
export async function* fileText(
  file: OpenFile,
  meter: ByteMeter,
  pieceBytes = 1 << 20,
): AsyncGenerator<string> {
  const buffer = new Uint8Array(pieceBytes);
  const decoder = new TextDecoder();
  for (let position = 0; position < file.size; ) {
    const bytes = await file.readAt(buffer.subarray(0, Math.min(pieceBytes, file.size - position)), position);
    if (bytes === 0) break;
    position += bytes;
    meter.bytes = position;
    yield decoder.decode(buffer.subarray(0, bytes), { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Bytes read so far in the current pass, for progress and ETA. */
export interface ByteMeter {
  bytes: number;
  totalBytes: number | undefined;
}

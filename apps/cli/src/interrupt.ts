import { unlinkSync } from 'node:fs';
import { EXIT } from './errors.js';

/**
 * Ctrl-C handling for the whole process. While a fit runs, the first Ctrl-C asks it to stop after
 * the current iteration (the partial result is then reported as not converged); any other Ctrl-C,
 * or one outside a fit, removes unfinished output files and exits with code 130.
 */
let stopFit: (() => void) | undefined;
let stopping = false;
const temporaryFiles = new Set<string>();
let installed = false;

export function installInterruptHandler(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', () => {
    if (stopFit && !stopping) {
      stopping = true;
      stopFit();
      return;
    }
    quit(EXIT.interrupted);
  });
  process.on('SIGTERM', () => quit(143));
}

function quit(code: number): never {
  removeTemporaryFiles();
  process.exit(code);
}

/** Registers what the first Ctrl-C does during a fit; call the returned function when the fit ends. */
export function onFitInterrupt(stop: () => void): () => void {
  stopFit = stop;
  stopping = false;
  return () => {
    stopFit = undefined;
  };
}

/** Whether Ctrl-C was pressed during the last fit. */
export function wasInterrupted(): boolean {
  return stopping;
}

export function trackTemporaryFile(path: string): void {
  temporaryFiles.add(path);
}

export function untrackTemporaryFile(path: string): void {
  temporaryFiles.delete(path);
}

export function removeTemporaryFiles(): void {
  for (const path of temporaryFiles) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
  temporaryFiles.clear();
}

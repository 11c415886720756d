/**
 * The worker side of `fitAsync`, for Node's `worker_threads` and browsers' Web Workers: it keeps
 * the sequences of each fit (all of them, shared, or a copy of its share) and answers each E-step —
 * which brings only the parameters — with the expected counts and log-likelihood of each job it did.
 * The main thread adds them up in job order, as @em/core's chunked E-steps do.
 */
import { countSequences, zeroCounts } from '../baum-welch.js';
import { emissionFromSpec } from '../emissions/spec.js';
import { Workspace } from '../forward-backward.js';
import type { Sequences } from '../sequences.js';
import type { Part, Request, Response } from './protocol.js';

interface Loaded {
  request: Extract<Request, { type: 'load' }>;
  emission: ReturnType<typeof emissionFromSpec>;
  seqs: Sequences;
  ws: Workspace;
}

interface Port {
  postMessage(message: Response, transfer?: ArrayBuffer[]): void;
}

const fits = new Map<number, Loaded>();

/** The buffers of a job's counts, handed over rather than copied. */
function buffers(value: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (value instanceof Float64Array) {
    if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
  } else if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) buffers(inner, out);
  }
  return out;
}

function eStep(fit: Loaded, params: Extract<Request, { type: 'eStep' }>['params']): Part[] {
  const { request, emission, seqs, ws } = fit;
  const { bounds, jobCounter, firstJob, base } = request;
  const jobs = bounds.length - 1;
  const prep = emission.prepare(params.emission);
  const parts: Part[] = [];
  const run = (job: number) => {
    const stats = zeroCounts(emission);
    const logLikelihood = countSequences(
      emission,
      prep,
      params,
      seqs,
      ws,
      bounds[job]!,
      bounds[job + 1]!,
      stats,
      base,
    );
    parts.push({ job: firstJob + job, stats, logLikelihood });
  };
  if (jobCounter)
    for (let job = Atomics.add(jobCounter, 0, 1); job < jobs; job = Atomics.add(jobCounter, 0, 1)) run(job);
  else for (let job = 0; job < jobs; job++) run(job);
  return parts;
}

function handle(request: Request, port: Port): void {
  try {
    if (request.type === 'load') {
      const emission = emissionFromSpec(request.emission);
      const seqs = { data: request.data, columns: request.emission.columns, offsets: request.offsets };
      fits.set(request.id, { request, emission, seqs, ws: new Workspace(emission.nStates) });
      port.postMessage({ ok: true });
    } else if (request.type === 'eStep') {
      const fit = fits.get(request.id);
      if (!fit) throw new Error(`no sequences loaded for fit ${request.id}`);
      const parts = eStep(fit, request.params);
      port.postMessage({ ok: true, parts }, buffers(parts));
    } else {
      fits.delete(request.id);
      port.postMessage({ ok: true });
    }
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const suggestion = (e as { suggestion?: unknown }).suggestion;
    port.postMessage({
      ok: false,
      name: e.name,
      message: e.message,
      ...(typeof suggestion === 'string' ? { suggestion } : {}),
    });
  }
}

interface NodeWorkerThreads {
  parentPort: (Port & { on(event: 'message', listener: (request: Request) => void): void }) | null;
}

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
if (isNode) {
  const listen = ({ parentPort }: NodeWorkerThreads) => {
    const port = parentPort;
    port?.on('message', (request) => handle(request, port));
  };
  // Node ≥ 20.16 loads the built-in synchronously; before, messages wait in the port until the
  // listener is attached. (A variable specifier keeps browser bundlers from resolving it.)
  const specifier = 'node:worker_threads';
  const builtin = (
    process as { getBuiltinModule?: (id: string) => NodeWorkerThreads | undefined }
  ).getBuiltinModule?.(specifier);
  if (builtin) listen(builtin);
  else void (import(/* @vite-ignore */ specifier) as Promise<NodeWorkerThreads>).then(listen);
} else {
  const scope = globalThis as unknown as Port & { onmessage: (event: { data: Request }) => void };
  scope.onmessage = (event) => handle(event.data, scope);
}

import type { CovarianceModel } from '@em/gaussian';
import type {
  FitSettings,
  Matrix,
  ModelView,
  Reply,
  Request,
  SelectionTable,
  SelectProgress,
  Snapshot,
} from './protocol.js';

export type PausedReply = Extract<Reply, { type: 'paused' }>;

/**
 * The page's side of the fitting worker: one request at a time, each a promise; per-iteration
 * snapshots go to `onProgress`.
 */
export class FitWorker {
  onProgress: ((snapshot: Snapshot) => void) | undefined;
  /** Called as each model of a selection starts and ends. */
  onSelectProgress: ((progress: SelectProgress) => void) | undefined;
  private worker: Worker;
  private pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void } | undefined;

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<Reply>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      this.fail(new Error(`The fitting worker failed: ${event.message || 'it could not be loaded'}.`));
    };
  }

  get busy(): boolean {
    return this.pending !== undefined;
  }

  /** Initialises a fit; resolves with iteration 0 (the initial parameters). */
  start(X: Matrix, settings: FitSettings, from?: ModelView): Promise<PausedReply> {
    // Copy: the page keeps its data, the worker gets its own.
    const copy = { data: X.data.slice(), rows: X.rows, cols: X.cols };
    const message: Request = { type: 'start', X: copy, settings, ...(from ? { from } : {}) };
    return this.request(message, [copy.data.buffer]) as Promise<PausedReply>;
  }

  /** Runs up to `steps` iterations, `pauseMs` apart; resolves when they are done, converged or stopped. */
  run(steps: number, options: { pauseMs?: number; points?: boolean } = {}): Promise<PausedReply> {
    return this.request({
      type: 'run',
      steps,
      pauseMs: options.pauseMs ?? 0,
      points: options.points ?? false,
    }) as Promise<PausedReply>;
  }

  /**
   * Marks the start of a user action (a fit, a run, a model selection), which may take several
   * requests; {@link stop} then stops whichever of them is running or comes next.
   */
  begin(): void {
    this.worker.postMessage({ type: 'begin' } satisfies Request);
  }

  /** Stops the current action after the iteration in progress (a model selection: after the model). */
  stop(): void {
    this.worker.postMessage({ type: 'stop' } satisfies Request);
  }

  /**
   * Fits every covariance type × number of components; resolves with the table, also when Stop ended
   * it or no model could be chosen (then `best` is undefined and `failure` says why).
   */
  async select(
    X: Matrix,
    nComponents: number[],
    covarianceTypes: CovarianceModel[],
    randomState: number,
    missing?: 'em',
  ) {
    const copy = { data: X.data.slice(), rows: X.rows, cols: X.cols };
    const request: Request = {
      type: 'select',
      X: copy,
      nComponents,
      covarianceTypes,
      randomState,
      ...(missing ? { missing } : {}),
    };
    const reply = await this.request(request, [copy.data.buffer]);
    return (reply as Extract<Reply, { type: 'selected' }>).table as SelectionTable;
  }

  /** Random Gaussian clusters for the playground, as flat [x0, y0, x1, y1, …]. */
  async clusters(clusters: number, perCluster: number, seed: number): Promise<number[]> {
    const reply = await this.request({ type: 'clusters', clusters, perCluster, seed });
    return Array.from((reply as Extract<Reply, { type: 'clusters' }>).points);
  }

  /** The example CSV of the "your data" page. */
  async example(): Promise<string> {
    const reply = await this.request({ type: 'example' });
    return (reply as Extract<Reply, { type: 'example' }>).text;
  }

  private request(message: Request, transfer: Transferable[] = []): Promise<Reply> {
    if (this.pending) return Promise.reject(new Error('A fit is already running.'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message, transfer);
    });
  }

  private receive(reply: Reply): void {
    if (reply.type === 'progress') this.onProgress?.(reply.snapshot);
    else if (reply.type === 'selectProgress') this.onSelectProgress?.(reply.progress);
    else if (reply.type === 'error') this.fail(new Error(reply.message));
    else {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(reply);
    }
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }
}

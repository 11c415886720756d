/** What the progress line shows. */
export interface ProgressState {
  /** 0-based index of the model being fitted, and how many there are. */
  model: number;
  models: number;
  label: string;
  /** 0-based restart and the number of restarts. */
  run: number;
  runs: number;
  iteration: number;
  maxIter: number;
  logLikelihood: number | undefined;
}

/**
 * A one-line progress bar on a terminal (never on a pipe or a file): it appears only once a fit has
 * run for `delayMs`, redraws at most every 100 ms, and erases itself when done.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private state: ProgressState | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
    private readonly delayMs = 1000,
  ) {}

  update(state: ProgressState): void {
    this.state = state;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < this.delayMs || now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.draw();
  }

  /** Prints a message on its own line, above the bar. */
  note(message: string): void {
    this.clear();
    this.stream.write(`${message}\n`);
    if (this.drawn) this.draw();
  }

  done(): void {
    this.clear();
  }

  private clear(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
  }

  private draw(): void {
    const s = this.state;
    if (!s) return;
    // Each restart of each model is one unit of work; the current one counts by its iterations.
    const units = s.models * s.runs;
    const done = s.model * s.runs + s.run + Math.min(1, s.iteration / s.maxIter);
    const fraction = Math.min(1, done / units);
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const parts = [
      s.models > 1 ? `model ${s.model + 1}/${s.models} ${s.label}` : s.label,
      s.runs > 1 ? `run ${s.run + 1}/${s.runs}` : '',
      `iter ${s.iteration}`,
      s.logLikelihood === undefined ? '' : `log-lik/row ${s.logLikelihood.toPrecision(8)}`,
      `${seconds}s`,
    ].filter(Boolean);
    const text = ` ${parts.join(' · ')}`;
    const columns = this.stream.columns ?? 80;
    const barWidth = Math.max(10, Math.min(30, columns - text.length - 3));
    const filled = Math.round(fraction * barWidth);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${text}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, columns - 1)}`);
    this.drawn = true;
  }
}

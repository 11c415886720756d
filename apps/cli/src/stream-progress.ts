import type { StreamProgress } from '@em/gaussian';

/**
 * The progress line of `em fit --stream`: one bar per pass over the file, with the rows read, the
 * pass's ETA (from its bytes read so far) and the log-likelihood of the last pass. On a terminal
 * only; redraws at most every 100 ms and erases itself when done.
 */
export class StreamProgressLine {
  private passStarted = Date.now();
  private pass = 0;
  private lastDraw = 0;
  private drawn = false;
  logLikelihood: number | undefined;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly enabled: boolean,
    private readonly maxIter: number,
  ) {}

  update(progress: StreamProgress): void {
    if (progress.pass !== this.pass) {
      this.pass = progress.pass;
      this.passStarted = Date.now();
    }
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[2K${this.line(progress, now).slice(0, (this.stream.columns ?? 80) - 1)}`);
    this.drawn = true;
  }

  /** The text of the line: exported for tests through `describeProgress`. */
  line(progress: StreamProgress, now: number): string {
    return describeProgress(progress, (now - this.passStarted) / 1000, this.maxIter, this.logLikelihood);
  }

  done(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
  }
}

/**
 * `pass 3/≤101 [#####-----] 48% · 1.2M rows · ETA 14s · log-lik/row −3.1415`: pass 1 reads the
 * file once to count and sample rows, each later pass is one EM iteration.
 */
export function describeProgress(
  progress: StreamProgress,
  elapsedSeconds: number,
  maxIter: number,
  logLikelihood: number | undefined,
): string {
  const { pass, rows, totalRows, bytes, totalBytes } = progress;
  const fraction = totalBytes ? bytes / totalBytes : totalRows ? rows / totalRows : undefined;
  const width = 20;
  const filled = fraction === undefined ? 0 : Math.round(Math.min(1, fraction) * width);
  const eta =
    fraction && fraction > 0 && elapsedSeconds > 0.5
      ? `ETA ${formatSeconds((elapsedSeconds * (1 - fraction)) / fraction)}`
      : '';
  const parts = [
    pass === 1 ? 'pass 1 (count, sample)' : `pass ${pass}/≤${maxIter + 1}`,
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
    fraction === undefined ? '' : `${Math.floor(fraction * 100)}%`,
    `${compact(rows)} rows`,
    eta,
    logLikelihood === undefined ? '' : `log-lik/row ${logLikelihood.toPrecision(8)}`,
  ];
  return parts.filter(Boolean).join(' · ');
}

function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(n);
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Small DOM helpers shared by the three pages. */

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no element #${id}`);
  return element as T;
}

/** The controls every page has: its settings form (#controls), its Stop button and its progress bar. */
export function pageControls(): {
  form: HTMLFormElement;
  stopButton: HTMLButtonElement;
  progress: HTMLProgressElement;
} {
  return {
    form: byId<HTMLFormElement>('controls'),
    stopButton: byId<HTMLButtonElement>('stop'),
    progress: byId<HTMLProgressElement>('progress'),
  };
}

/** Reads a number input of a form, clamped to its min/max, falling back to `fallback` when empty. */
export function numberField(form: HTMLFormElement, name: string, fallback: number): number {
  const input = form.elements.namedItem(name) as HTMLInputElement;
  const value = input.valueAsNumber;
  if (!Number.isFinite(value)) return fallback;
  const min = input.min === '' ? -Infinity : Number(input.min);
  const max = input.max === '' ? Infinity : Number(input.max);
  return Math.min(max, Math.max(min, value));
}

export function selectField<T extends string>(form: HTMLFormElement, name: string): T {
  return (form.elements.namedItem(name) as HTMLSelectElement).value as T;
}

/** Shows a message in the page's alert box (or hides it when `message` is empty). */
export function showError(message: string | undefined): void {
  const box = byId('error');
  box.textContent = message ?? '';
  box.hidden = !message;
}

/** A readable message for anything thrown: our typed errors already are; others get their message. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The first words of the status line after a run: why EM stopped. */
export function fitVerdict(run: { stopped: boolean; converged: boolean }): string {
  if (run.stopped) return 'Stopped';
  return run.converged ? 'Converged' : 'Reached the iteration limit without converging';
}

export function setStatus(html: string): void {
  byId('status').innerHTML = html;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Number formatting for tables and status lines: 4 significant digits, no exponent for usual sizes. */
export function fmt(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits)).toString();
}

/** Starts a browser download of `content` as a file, without any network request. */
export function download(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A chart's size in its own units, which {@link chartSize} makes CSS pixels. */
export interface ChartSize {
  width: number;
  height: number;
}

/**
 * The size to draw a chart at so that it fills `container` without being scaled: its width is the
 * container's inner width in CSS pixels (so @em/plot's 12-unit text is 12 px on a laptop and on a
 * phone alike), its height follows `proportions`, at least `minHeight`. Before layout (no width) it is
 * `proportions` itself.
 */
export function chartSize(container: HTMLElement, proportions: ChartSize, minHeight = 240): ChartSize {
  const style = getComputedStyle(container);
  const inner =
    container.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
  if (!(inner > 0)) return proportions;
  const width = Math.floor(inner);
  return { width, height: Math.max(minHeight, Math.round((width * proportions.height) / proportions.width)) };
}

/**
 * Calls `redraw` after the page's width changes (a window resized, a phone turned), so charts are drawn
 * again at their new width instead of being scaled (see {@link chartSize}). Height changes alone (a
 * phone's toolbar sliding away) do not count.
 */
export function redrawOnResize(redraw: () => void): void {
  let width = window.innerWidth;
  let timer: ReturnType<typeof setTimeout> | undefined;
  window.addEventListener('resize', () => {
    if (window.innerWidth === width) return;
    width = window.innerWidth;
    clearTimeout(timer);
    timer = setTimeout(redraw, 150);
  });
}

/** Puts an SVG string into a chart container. */
export function showSvg(container: HTMLElement, svg: string): void {
  container.innerHTML = svg;
}

export const nextFrame = (): Promise<void> =>
  new Promise((resolve) => requestAnimationFrame(() => resolve()));
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

import '../styles.css';
import type { CovarianceType, ModelScore } from '@em/gaussian';
import {
  bicChart,
  convergenceChart,
  EMPTY_VIEW,
  pointerToData,
  type ScatterView,
  SIDE,
  SQUARE,
  scatterChart,
  viewOf,
} from '../charts.js';
import { FitWorker } from '../fit/client.js';
import { covarianceOptions } from '../fit/models.js';
import type { FitSettings, Matrix, ModelView, Snapshot } from '../fit/protocol.js';
import {
  byId,
  chartSize,
  errorMessage,
  escapeHtml,
  fmt,
  numberField,
  pageControls,
  redrawOnResize,
  selectField,
  setStatus,
  showError,
  showSvg,
} from '../ui.js';

const { form, stopButton, progress } = pageControls();
// scikit-learn's four covariance types with their mclust names, then mclust's 14 models.
byId<HTMLSelectElement>('covariance-type').innerHTML = covarianceOptions('full');
const scatter = byId('scatter');
const buttons = {
  generate: byId<HTMLButtonElement>('generate'),
  clear: byId<HTMLButtonElement>('clear'),
  step: byId<HTMLButtonElement>('step'),
  run: byId<HTMLButtonElement>('run'),
  stop: stopButton,
  reset: byId<HTMLButtonElement>('reset'),
  chooseK: byId<HTMLButtonElement>('choose-k'),
};

const MAX_ITER = 300;
const COVARIANCE_TYPES: CovarianceType[] = ['full', 'tied', 'diag', 'spherical'];
const worker = new FitWorker();

let points: number[] = [];
/** The axes' ranges: set when clusters are generated (or cleared), then fixed, so clicks don't move the view. */
let view: ScatterView = EMPTY_VIEW;
let model: ModelView | undefined;
let history: number[] = [];
/** Iterations done before the current worker session (a session restarts after points are added). */
let base: number[] = [];
let converged = false;
/** Whether the worker holds a fit of the current points and settings (so Step can continue it). */
let session: 'none' | 'current' | 'stale' = 'none';

const matrix = (): Matrix => ({ data: Float64Array.from(points), rows: points.length / 2, cols: 2 });

function settings(): FitSettings {
  return {
    nComponents: Math.round(numberField(form, 'k', 3)),
    covarianceType: selectField(form, 'covarianceType'),
    initParams: selectField(form, 'initParams'),
    randomState: Math.round(numberField(form, 'randomState', 0)),
    maxIter: MAX_ITER,
    tol: numberField(form, 'tol', 1e-6),
  };
}

function draw(): void {
  showSvg(
    scatter,
    scatterChart(matrix(), { model, uncertainty: true, view, size: chartSize(scatter, SQUARE, 300) }),
  );
  const n = points.length / 2;
  byId('count').textContent = `${n} ${n === 1 ? 'point' : 'points'}. Click the plot to add more.`;
  const convergence = byId('convergence');
  if (history.length > 0) showSvg(convergence, convergenceChart(history, chartSize(convergence, SIDE)));
  else
    byId('convergence').innerHTML =
      '<div class="placeholder">The log-likelihood per iteration appears here.</div>';
}

function forgetFit(): void {
  model = undefined;
  history = [];
  base = [];
  converged = false;
  session = 'none';
}

function setBusy(busy: boolean): void {
  for (const [name, button] of Object.entries(buttons)) button.disabled = name === 'stop' ? !busy : busy;
}

function describe(): string {
  if (history.length === 0) return 'Iteration <strong>0</strong>: the initial parameters.';
  return (
    `Iteration <strong>${history.length}</strong>, mean log-likelihood <strong>${fmt(history.at(-1)!, 6)}</strong>` +
    (converged ? ' — <strong>converged</strong>.' : '')
  );
}

function show(snapshot: Snapshot): void {
  model = snapshot.model;
  // Iterations of this session follow those of the sessions before it.
  if (snapshot.iteration > 0) history[base.length + snapshot.iteration - 1] = snapshot.lowerBound;
  setStatus(describe());
  draw();
}

/** Makes sure the worker holds a fit of the current points, continuing from the drawn model if any. */
async function ensureSession(): Promise<boolean> {
  if (session === 'current') return false;
  const n = points.length / 2;
  const chosen = settings();
  if (n < chosen.nComponents)
    throw new Error(`Add at least ${chosen.nComponents} points for K = ${chosen.nComponents}.`);
  const from =
    session === 'stale' && model && model.weights.length === chosen.nComponents ? model : undefined;
  const reply = await worker.start(matrix(), chosen, from);
  base = from ? history.slice() : [];
  history = base.slice();
  session = 'current';
  converged = false;
  show(reply.snapshot);
  return !from;
}

async function act(action: () => Promise<void>): Promise<void> {
  showError(undefined);
  setBusy(true);
  worker.begin();
  try {
    await action();
  } catch (error) {
    showError(errorMessage(error));
  } finally {
    worker.onProgress = undefined;
    worker.onSelectProgress = undefined;
    progress.hidden = true;
    setBusy(false);
  }
}

async function step(): Promise<void> {
  // The first Step shows where EM starts; every later one is one E-step plus one M-step.
  if (await ensureSession()) return;
  if (converged) {
    setStatus(`${describe()} Press Reset to start over.`);
    return;
  }
  finish(await worker.run(1));
}

async function run(): Promise<void> {
  await ensureSession();
  worker.onProgress = (snapshot) => show(snapshot);
  finish(await worker.run(Math.max(1, MAX_ITER - history.length), { pauseMs: 120 }));
}

function finish(reply: Awaited<ReturnType<FitWorker['run']>>): void {
  converged = reply.converged;
  model = reply.snapshot.model;
  history = [...base, ...reply.history];
  setStatus(`${describe()}${reply.stopped ? ' Stopped.' : ''}`);
  draw();
}

/** The BIC chart's last data, drawn again when the page's width changes. */
let lastBic: { ks: number[]; scores: readonly (ModelScore | undefined)[] } | undefined;

/** Draws the BIC chart, or says why there is none (until a model counts, `empty`). */
function showBic(ks: number[], scores: readonly (ModelScore | undefined)[], empty: string): void {
  lastBic = { ks, scores };
  const svg = bicChart(COVARIANCE_TYPES, ks, scores, chartSize(byId('bic'), SIDE, 360));
  if (svg) showSvg(byId('bic'), svg);
  else byId('bic').innerHTML = `<div class="placeholder">${empty}</div>`;
}

/** Cells grouped by covariance type: "full K = 2, 3; diag K = 5". */
function cellNames(cells: readonly ModelScore[]): string {
  return COVARIANCE_TYPES.flatMap((type) => {
    const ks = cells.filter((score) => score.covarianceType === type).map((score) => score.nComponents);
    return ks.length === 0 ? [] : [`${type} K = ${ks.join(', ')}`];
  }).join('; ');
}

/** Which cells cannot be chosen and why, or '' if none. */
function unusable(table: readonly ModelScore[]): string {
  const collapsed = table.filter((score) => score.status === 'fitted' && score.collapsed);
  const failed = table.filter((score) => score.status === 'failed');
  const reasons = [...new Set(failed.map((score) => escapeHtml(score.error ?? '')))];
  const parts = [
    collapsed.length > 0 &&
      `${collapsed.length} collapsed, a component on a line or on repeated points (${cellNames(collapsed)})`,
    failed.length > 0 &&
      `${failed.length} could not be fitted (${cellNames(failed)}): ${reasons.join(' / ')}`,
  ].filter((part) => part !== false);
  return parts.join('; ');
}

/** The status line's note on the models the BIC chart marks with a cross (not candidates). */
function gaps(table: readonly ModelScore[]): string {
  const cells = unusable(table);
  return cells ? ` Crossed out in the chart: ${cells}.` : '';
}

async function chooseK(): Promise<void> {
  const n = points.length / 2;
  if (n < 2) throw new Error('Add some points first.');
  const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter((k) => k <= n);
  const live: ModelScore[] = [];
  const filling = 'The BIC chart fills in as the models are fitted.';
  progress.hidden = false;
  progress.value = 0;
  progress.max = ks.length * COVARIANCE_TYPES.length;
  showBic(ks, live, filling);
  worker.onSelectProgress = ({ index, total, covarianceType, nComponents, score }) => {
    if (!score) {
      setStatus(`Fitting model ${index + 1} of ${total}: ${covarianceType}, K = ${nComponents}…`);
      return;
    }
    progress.value = index + 1;
    live[index] = score;
    showBic(ks, live, filling);
  };
  const { table, best, stopped, failure } = await worker.select(
    matrix(),
    ks,
    COVARIANCE_TYPES,
    settings().randomState,
  );
  showBic(ks, table, 'No model finished fitting without collapsing, so there is no BIC to chart.');
  const fitted = table.filter((score) => score.status !== 'notFitted').length;
  if (!best) {
    setStatus(
      stopped ? 'Stopped before any model was fitted.' : `No model could be chosen: ${unusable(table)}.`,
    );
    if (!stopped && failure) throw new Error(failure);
    return;
  }
  const lowest = `<strong>K = ${best.nComponents}, ${best.covarianceType}</strong> (${fmt(best.value, 6)})`;
  if (stopped) {
    // A partial grid's best is not a choice: keep the current model and settings.
    setStatus(
      `Stopped after ${fitted} of ${table.length} models. Lowest BIC so far: ${lowest}.${gaps(table)}`,
    );
    return;
  }
  (form.elements.namedItem('k') as HTMLInputElement).value = String(best.nComponents);
  (form.elements.namedItem('covarianceType') as HTMLSelectElement).value = best.covarianceType;
  forgetFit();
  // Then fit the chosen model, so the picture shows it.
  await ensureSession();
  const reply = await worker.run(MAX_ITER);
  finish(reply);
  setStatus(
    `Lowest BIC: ${lowest}.${gaps(table)} Fitted it: ${describe()}${reply.stopped ? ' Stopped.' : ''}`,
  );
}

scatter.addEventListener('click', (event) => {
  if (worker.busy) return;
  const point = pointerToData(scatter, event, view);
  if (!point) return;
  points.push(point[0], point[1]);
  if (session === 'current') session = 'stale';
  converged = false;
  draw();
});
buttons.generate.addEventListener('click', () =>
  act(async () => {
    points = await worker.clusters(
      Math.round(numberField(form, 'clusters', 3)),
      Math.round(numberField(form, 'perCluster', 150)),
      Math.round(numberField(form, 'seed', 7)),
    );
    view = viewOf(matrix());
    forgetFit();
    setStatus('New clusters generated. Press Step or Run.');
    draw();
  }),
);
buttons.clear.addEventListener('click', () => {
  points = [];
  view = EMPTY_VIEW;
  forgetFit();
  setStatus('');
  draw();
});
buttons.reset.addEventListener('click', () => {
  forgetFit();
  setStatus('Reset. Press Step or Run to start again.');
  draw();
});
buttons.step.addEventListener('click', () => void act(step));
buttons.run.addEventListener('click', () => void act(run));
buttons.stop.addEventListener('click', () => worker.stop());
buttons.chooseK.addEventListener('click', () => void act(chooseK));
// Changing the model's settings means a new fit.
form.addEventListener('change', (event) => {
  const name = (event.target as HTMLInputElement).name;
  if (['k', 'covarianceType', 'initParams', 'randomState', 'tol'].includes(name)) {
    forgetFit();
    draw();
  }
});

buttons.generate.click();
redrawOnResize(() => {
  if (points.length > 0 || history.length > 0) draw();
  if (lastBic) {
    const svg = bicChart(COVARIANCE_TYPES, lastBic.ks, lastBic.scores, chartSize(byId('bic'), SIDE, 360));
    if (svg) showSvg(byId('bic'), svg);
  }
});

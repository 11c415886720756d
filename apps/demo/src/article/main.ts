import '../styles.css';
import { convergenceChart, densityChart, SIDE, WIDE } from '../charts.js';
import { FitWorker } from '../fit/client.js';
import type { ModelView, Snapshot } from '../fit/protocol.js';
import {
  byId,
  chartSize,
  errorMessage,
  escapeHtml,
  fitVerdict,
  fmt,
  numberField,
  pageControls,
  redrawOnResize,
  selectField,
  setStatus,
  showError,
  showSvg,
} from '../ui.js';
import { type ArticleSample, componentSpread, drawSample, matchComponents, type Processes } from './truth.js';

const { form, stopButton, progress } = pageControls();
const bins = byId<HTMLInputElement>('bins');
const binsValue = byId<HTMLOutputElement>('bins-value');
const fitButton = byId<HTMLButtonElement>('fit');
const sampleButton = byId<HTMLButtonElement>('sample');

const MAX_ITER = 200;
const worker = new FitWorker();
let sample: ArticleSample;
let fitted: ModelView | undefined;
let history: number[] = [];

function readProcesses(): Processes {
  return {
    sizes: [Math.round(numberField(form, 'n1', 4000)), Math.round(numberField(form, 'n2', 8000))],
    means: [numberField(form, 'mean1', 20), numberField(form, 'mean2', 40)],
    spreads: [numberField(form, 'sd1', 5), numberField(form, 'sd2', 5)],
    seed: Math.round(numberField(form, 'seed', 42)),
  };
}

function drawHistogram(): void {
  binsValue.value = bins.value;
  // Name each fitted component after the process it stands for, so the legend reads like the table.
  const labels = fitted ? componentLabels(fitted) : undefined;
  const container = byId('histogram');
  showSvg(
    container,
    densityChart(sample.X, Number(bins.value), fitted, 'value', labels, chartSize(container, WIDE, 320)),
  );
}

function componentLabels(model: ModelView): string[] {
  const order = matchComponents(model, sample.processes);
  return model.weights.map((w, c) => `fitted process ${order.indexOf(c) + 1} (w = ${fmt(w, 3)})`);
}

function drawConvergence(): void {
  const container = byId('convergence');
  if (history.length > 0) showSvg(container, convergenceChart(history, chartSize(container, SIDE)));
}

function resample(): void {
  try {
    showError(undefined);
    sample = drawSample(readProcesses());
  } catch (error) {
    showError(errorMessage(error));
    return;
  }
  fitted = undefined;
  history = [];
  byId('convergence').innerHTML =
    '<div class="placeholder">The log-likelihood per iteration appears here when you press Fit.</div>';
  byId('params').querySelector('tbody')!.innerHTML = '<tr><td colspan="3" class="hint">Press Fit.</td></tr>';
  byId('latent').innerHTML = '<span class="hint">Press Fit.</span>';
  byId('share').textContent = '';
  const [n1] = sample.processes.sizes;
  byId('latent-note').textContent =
    `The predicted process of the first 80 and the last 80 numbers (the first ${n1} came from process 1, ` +
    'the rest from process 2). A red outline marks a wrong guess.';
  setStatus(`${sample.X.length} numbers drawn.`);
  drawHistogram();
}

function showIteration(snapshot: Snapshot): void {
  fitted = snapshot.model;
  if (Number.isFinite(snapshot.lowerBound)) history.push(snapshot.lowerBound);
  progress.value = snapshot.iteration;
  setStatus(
    `Iteration <strong>${snapshot.iteration}</strong>, mean log-likelihood <strong>${fmt(snapshot.lowerBound, 6)}</strong>`,
  );
  drawHistogram();
  drawConvergence();
}

function fillTable(model: ModelView): void {
  const { processes } = sample;
  const order = matchComponents(model, processes);
  const total = processes.sizes[0] + processes.sizes[1];
  const rows: string[] = [];
  for (const p of [0, 1] as const) {
    const c = order[p];
    const mean = model.means[c]?.[0] ?? Number.NaN;
    rows.push(
      `<tr><td>process ${p + 1} share</td><td>${fmt(processes.sizes[p] / total)}</td><td>${fmt(model.weights[c]!)}</td></tr>`,
      `<tr><td>process ${p + 1} mean</td><td>${fmt(processes.means[p])}</td><td>${fmt(mean)}</td></tr>`,
      `<tr><td>process ${p + 1} spread</td><td>${fmt(processes.spreads[p])}</td><td>${fmt(componentSpread(model, c))}</td></tr>`,
    );
  }
  byId('params').querySelector('tbody')!.innerHTML = rows.join('');
}

function showLatent(model: ModelView, labels: Int32Array): void {
  const order = matchComponents(model, sample.processes);
  const processOf = (component: number) => (order[0] === component ? 0 : 1);
  const n = labels.length;
  let correct = 0;
  for (let i = 0; i < n; i++) if (processOf(labels[i]!) === sample.labels[i]) correct++;
  const cells = (from: number, to: number) => {
    let html = '';
    for (let i = from; i < to; i++) {
      const component = labels[i]!;
      const predicted = processOf(component);
      const wrong = predicted !== sample.labels[i] ? ' wrong' : '';
      // Coloured like the component's curve in the chart, numbered by the process it stands for.
      html += `<span class="cell c${component}${wrong}" title="x = ${fmt(sample.X[i]!)}">${predicted + 1}</span>`;
    }
    return html;
  };
  const first = Math.min(80, n);
  const last = Math.max(first, n - 80);
  byId('latent').innerHTML =
    `<div class="row"><span>first ${first}</span><div class="cells" data-testid="first">${cells(0, first)}</div></div>` +
    `<div class="row"><span>last ${n - last}</span><div class="cells" data-testid="last">${cells(last, n)}</div></div>`;
  byId('share').innerHTML =
    `Classified correctly: <strong id="share-value">${escapeHtml(((100 * correct) / n).toFixed(1))}%</strong> ` +
    `of the ${n} numbers (${correct} right, ${n - correct} wrong).`;
}

function setRunning(running: boolean): void {
  fitButton.disabled = running;
  sampleButton.disabled = running;
  stopButton.disabled = !running;
  progress.hidden = !running;
}

async function fit(): Promise<void> {
  showError(undefined);
  setRunning(true);
  worker.begin();
  progress.max = MAX_ITER;
  progress.value = 0;
  history = [];
  byId('params').querySelector('tbody')!.innerHTML = '<tr><td colspan="3" class="hint">Fitting…</td></tr>';
  byId('latent').innerHTML = '<span class="hint">Fitting…</span>';
  byId('share').textContent = '';
  try {
    const initial = await worker.start(
      { data: sample.X, rows: sample.X.length, cols: 1 },
      {
        nComponents: 2,
        covarianceType: 'full',
        initParams: selectField(form, 'initParams'),
        randomState: sample.processes.seed,
        maxIter: MAX_ITER,
        tol: numberField(form, 'tol', 1e-8),
      },
    );
    showIteration(initial.snapshot);
    worker.onProgress = showIteration;
    const result = await worker.run(MAX_ITER, { pauseMs: 60, points: true });
    showIteration(result.snapshot);
    history = result.history;
    drawConvergence();
    const verdict = fitVerdict(result);
    setStatus(
      `<strong>${verdict}</strong> after ${result.history.length} iterations; mean log-likelihood ` +
        `<strong>${fmt(result.history.at(-1) ?? Number.NaN, 6)}</strong>`,
    );
    fillTable(result.snapshot.model);
    if (result.points) showLatent(result.snapshot.model, result.points.labels);
  } catch (error) {
    showError(errorMessage(error));
  } finally {
    worker.onProgress = undefined;
    setRunning(false);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  resample();
});
bins.addEventListener('input', drawHistogram);
fitButton.addEventListener('click', () => void fit());
stopButton.addEventListener('click', () => worker.stop());

resample();
redrawOnResize(() => {
  drawHistogram();
  drawConvergence();
});

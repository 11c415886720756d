import '../styles.css';
import type { CovarianceModel, ModelScore } from '@em/gaussian';
import { bicChart, convergenceChart, densityChart, SIDE, SQUARE, scatterChart, WIDE } from '../charts.js';
import { FitWorker } from '../fit/client.js';
import { covarianceOptions, describeModel, isMclustName, MCLUST_MODELS } from '../fit/models.js';
import type { FitSettings, Matrix, ModelView, PointResults, Snapshot } from '../fit/protocol.js';
import {
  byId,
  chartSize,
  download,
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
import {
  CsvError,
  type CsvTable,
  MAX_CSV_BYTES,
  type MissingCells,
  type NumericData,
  numericColumns,
  parseCsv,
  toMatrix,
} from './csv.js';

const { form, stopButton, progress } = pageControls();
const fileInput = byId<HTMLInputElement>('file');
const fitButton = byId<HTMLButtonElement>('fit');
const modelButton = byId<HTMLButtonElement>('download-model');
const labelsButton = byId<HTMLButtonElement>('download-labels');

const worker = new FitWorker();
let table: CsvTable | undefined;
let fileName = 'data.csv';
let matrix: NumericData | undefined;
let chosenNames: string[] = [];
let result:
  | { model: ModelView; history: number[]; points: PointResults | undefined; json: string }
  | undefined;

async function loadFile(file: File): Promise<void> {
  if (file.size > MAX_CSV_BYTES)
    throw new CsvError(
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(0)} MB; this page reads files up to ${MAX_CSV_BYTES / 1024 / 1024} MB.`,
    );
  loadText(file.name, await file.text());
}

function loadText(name: string, text: string): void {
  reset();
  clearCharts();
  fileName = name;
  try {
    table = parseCsv(text);
  } catch (error) {
    table = undefined;
    byId('file-info').textContent = '';
    byId('columns').innerHTML = '<span class="hint">Load a file first.</span>';
    byId('preview').innerHTML = '';
    fitButton.disabled = true;
    throw error;
  }
  const numeric = new Set(numericColumns(table));
  byId('file-info').textContent =
    `${name}: ${table.rows.length} rows, ${table.columns.length} columns (${numeric.size} numeric).`;
  if (numeric.size === 0) {
    fitButton.disabled = true;
    throw new CsvError(`${name} has no numeric column: every column contains text.`);
  }
  const firstTwo = [...numeric].slice(0, 2);
  byId('columns').innerHTML = table.columns
    .map((column, index) => {
      const attributes = numeric.has(index)
        ? firstTwo.includes(index)
          ? 'checked'
          : ''
        : 'disabled data-text title="This column is not numeric"';
      const note = numeric.has(index) ? '' : ' <span class="hint">(text)</span>';
      return `<label><input type="checkbox" name="column" value="${index}" ${attributes} /> ${escapeHtml(column)}${note}</label>`;
    })
    .join('');
  showPreview(table);
  fitButton.disabled = false;
  setStatus('Pick columns and press Fit.');
  drawData();
}

/** Draws the chosen columns before any fit (and says at once if a chosen column has a bad cell). */
function drawData(): void {
  clearCharts();
  if (!table || chosenColumns().length === 0) return;
  useColumns(table);
  draw(undefined, []);
}

function useColumns(current: CsvTable): void {
  const chosen = chosenColumns();
  matrix = toMatrix(current, chosen, selectField<MissingCells>(form, 'missing'));
  chosenNames = chosen.map((c) => current.columns[c] ?? `column ${c + 1}`);
}

function showPreview(current: CsvTable): void {
  const head = current.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = current.rows
    .slice(0, 5)
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
    .join('');
  byId('preview').innerHTML =
    `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>` +
    `<p class="hint">First ${Math.min(5, current.rows.length)} of ${current.rows.length} rows.</p>`;
}

function chosenColumns(): number[] {
  return [...form.querySelectorAll<HTMLInputElement>('input[name="column"]:checked')].map((input) =>
    Number(input.value),
  );
}

function reset(): void {
  result = undefined;
  modelButton.disabled = true;
  labelsButton.disabled = true;
  showError(undefined);
}

/** A new file: nothing drawn from the previous one stays on the page. */
function clearCharts(): void {
  matrix = undefined;
  drawn = undefined;
  redrawBic = undefined;
  byId('main-chart').innerHTML =
    '<div class="placeholder">The data and the fitted mixture appear here.</div>';
  byId('convergence').innerHTML =
    '<div class="placeholder">The log-likelihood per iteration appears here.</div>';
  byId('params').innerHTML = '<tbody><tr><td class="hint">Fit a model first.</td></tr></tbody>';
  byId('bic').innerHTML =
    '<div class="placeholder">With “choose K by BIC”, the BIC of each K appears here.</div>';
}

/** Largest K tried when choosing K by BIC. */
const MAX_BIC_K = 8;

/**
 * Chooses K by BIC for the given covariance models (@em/gaussian's selectModelAsync in the worker),
 * drawing the BIC chart as the models come in: one model in scikit-learn's sign, mclust's models
 * × K as mclust's plot(mclustBIC), one line per model. Returns the chosen model and K, or undefined
 * when stopped or when none could be chosen (the status line says why).
 */
async function chooseModel(data: Matrix, models: CovarianceModel[], randomState: number, missing?: 'em') {
  const ks = Array.from({ length: Math.min(MAX_BIC_K, data.rows) }, (_, i) => i + 1);
  const live: ModelScore[] = [];
  const container = byId('bic');
  const sign = models.length > 1 ? 'mclust' : 'scikit-learn';
  const showBic = (scores: readonly ModelScore[]) => {
    const svg = bicChart(models, ks, scores, chartSize(container, SIDE, 360), sign);
    if (svg) showSvg(container, svg);
    redrawBic = () => showBic(scores);
  };
  progress.max = ks.length * models.length;
  progress.value = 0;
  worker.onSelectProgress = ({ index, total, covarianceType, nComponents, score }) => {
    if (!score) {
      const model = models.length > 1 ? `${covarianceType}, ` : '';
      setStatus(`Choosing by BIC: fitting ${model}K = ${nComponents} (${index + 1} of ${total})…`);
      return;
    }
    progress.value = index + 1;
    live[index] = score;
    showBic(live);
  };
  try {
    const {
      table: scores,
      best,
      stopped,
      failure,
    } = await worker.select(data, ks, models, randomState, missing);
    showBic(scores);
    if (stopped) {
      setStatus('Stopped while choosing by BIC; nothing was fitted.');
      return undefined;
    }
    if (!best) throw new Error(failure ?? 'No K could be chosen by BIC.');
    (form.elements.namedItem('k') as HTMLInputElement).value = String(best.nComponents);
    (form.elements.namedItem('covarianceType') as HTMLSelectElement).value = best.covarianceType;
    describeChosen();
    return best;
  } finally {
    worker.onSelectProgress = undefined;
  }
}

/** The rows without a missing cell (a scatter plot cannot place the others), with their labels. */
function completeRows(data: NumericData, labels?: Int32Array) {
  if (data.incomplete === 0) return { X: data, labels };
  const keep: number[] = [];
  for (let i = 0; i < data.rows; i++) {
    const row = data.data.subarray(i * data.cols, (i + 1) * data.cols);
    if (!row.some(Number.isNaN)) keep.push(i);
  }
  const X = new Float64Array(keep.length * data.cols);
  for (const [r, i] of keep.entries())
    X.set(data.data.subarray(i * data.cols, (i + 1) * data.cols), r * data.cols);
  return {
    X: { data: X, rows: keep.length, cols: data.cols },
    labels: labels && Int32Array.from(keep, (i) => labels[i]!),
  };
}

/** What the charts show, drawn again when the page's width changes. */
let drawn: { model: ModelView | undefined; history: number[]; points: PointResults | undefined } | undefined;
let redrawBic: (() => void) | undefined;

function draw(model: ModelView | undefined, history: number[], points?: PointResults): void {
  if (!matrix) return;
  drawn = { model, history, points };
  const chart = byId('main-chart');
  const shown = completeRows(matrix, points?.labels);
  if (matrix.cols === 1)
    showSvg(
      chart,
      densityChart(matrix.data, 40, model, chosenNames[0], undefined, chartSize(chart, WIDE, 320)),
    );
  else
    showSvg(
      chart,
      scatterChart(shown.X, {
        model,
        labels: shown.labels,
        uncertainty: true,
        xLabel: chosenNames[0]!,
        yLabel: chosenNames[1]!,
        size: chartSize(chart, SQUARE, 300),
      }),
    );
  const convergence = byId('convergence');
  if (history.length > 0) showSvg(convergence, convergenceChart(history, chartSize(convergence, SIDE)));
}

function fillTable(model: ModelView): void {
  const head = `<thead><tr><th>component</th><th>weight</th>${chosenNames
    .map((name) => `<th>mean ${escapeHtml(name)}</th>`)
    .join('')}</tr></thead>`;
  const body = model.weights
    .map(
      (weight, c) =>
        `<tr><td>component ${c + 1}</td><td>${fmt(weight)}</td>${model.means[c]!.map((m) => `<td>${fmt(m)}</td>`).join('')}</tr>`,
    )
    .join('');
  byId('params').innerHTML = `${head}<tbody>${body}</tbody>`;
}

function setRunning(running: boolean): void {
  fitButton.disabled = running;
  stopButton.disabled = !running;
  progress.hidden = !running;
  fileInput.disabled = running;
  byId<HTMLButtonElement>('example').disabled = running;
  // The fit belongs to the columns it started with.
  for (const input of form.querySelectorAll<HTMLInputElement>('input[name="column"]'))
    if (input.dataset.text === undefined) input.disabled = running;
}

async function fit(): Promise<void> {
  const current = table;
  if (!current) return;
  reset();
  useColumns(current);
  if (!matrix) return;
  const settings: FitSettings = {
    nComponents: Math.round(numberField(form, 'k', 3)),
    covarianceType: selectField(form, 'covarianceType'),
    initParams: 'kmeans',
    randomState: Math.round(numberField(form, 'randomState', 0)),
    maxIter: Math.round(numberField(form, 'maxIter', 200)),
    tol: 1e-3,
    missing: matrix.incomplete > 0 ? 'em' : 'error',
  };
  const kMode = selectField<'bic' | 'models' | 'fixed'>(form, 'kMode');
  setRunning(true);
  worker.begin();
  const skipped =
    (matrix.skipped > 0 ? ` (${matrix.skipped} rows with missing values skipped)` : '') +
    (matrix.incomplete > 0
      ? ` (${matrix.incomplete} rows with missing cells fitted by EM; the scatter plot shows complete rows)`
      : '');
  const history: number[] = [];
  let lastDraw = 0;
  worker.onProgress = (snapshot: Snapshot) => {
    history.push(snapshot.lowerBound);
    progress.value = snapshot.iteration;
    setStatus(
      `Iteration <strong>${snapshot.iteration}</strong>, mean log-likelihood ${fmt(snapshot.lowerBound, 6)}`,
    );
    // Redrawing thousands of points every iteration would slow the page down; a few times a second is plenty.
    if (performance.now() - lastDraw > 250) {
      draw(snapshot.model, history);
      lastDraw = performance.now();
    }
  };
  try {
    const data: Matrix = { data: matrix.data, rows: matrix.rows, cols: matrix.cols };
    let chosenBy = '';
    if (kMode !== 'fixed') {
      const models = kMode === 'models' ? MCLUST_MODELS.map((m) => m.name) : [settings.covarianceType];
      const best = await chooseModel(
        data,
        models,
        settings.randomState,
        settings.missing === 'em' ? 'em' : undefined,
      );
      if (best === undefined) return;
      settings.nComponents = best.nComponents;
      settings.covarianceType = best.covarianceType;
      chosenBy =
        kMode === 'models'
          ? `BIC chose <strong>${best.covarianceType}, K = ${best.nComponents}</strong>. `
          : `BIC chose <strong>K = ${best.nComponents}</strong>. `;
    }
    // mclust's models are fitted as mclust fits them: from its hierarchical start, to its tolerance.
    if (isMclustName(settings.covarianceType)) Object.assign(settings, { initParams: 'hc', tol: 1e-5 });
    progress.max = settings.maxIter;
    progress.value = 0;
    setStatus(`${chosenBy}Fitting ${matrix.rows} rows${skipped}…`);
    await worker.start(data, settings);
    const final = await worker.run(settings.maxIter, { points: true });
    result = {
      model: final.snapshot.model,
      history: final.history,
      points: final.points,
      json: final.modelJson,
    };
    draw(result.model, result.history, result.points);
    fillTable(result.model);
    const verdict = fitVerdict(final);
    setStatus(
      `${chosenBy}<strong>${verdict}</strong> after ${final.history.length} iterations on ${matrix.rows} rows${skipped}; ` +
        `mean log-likelihood ${fmt(final.history.at(-1) ?? Number.NaN, 6)}.`,
    );
    modelButton.disabled = false;
    labelsButton.disabled = !result.points;
  } finally {
    worker.onProgress = undefined;
    setRunning(false);
  }
}

function labelsCsv(): string {
  if (!table || !matrix || !result?.points) return '';
  const { labels, confidence } = result.points;
  const byRow = new Map<number, number>();
  matrix.sourceRows.forEach((row, i) => {
    byRow.set(row, i);
  });
  // Rows and components are numbered from 1, as on the page; skipped rows get no component.
  const lines = ['row,component,probability'];
  for (let row = 0; row < table.rows.length; row++) {
    const i = byRow.get(row);
    lines.push(
      i === undefined ? `${row + 1},,` : `${row + 1},${labels[i]! + 1},${confidence[i]!.toPrecision(6)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const baseName = () => fileName.replace(/\.[^.]+$/, '') || 'data';

async function guarded(action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (error) {
    showError(errorMessage(error));
  }
}

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  byId('file-name').textContent = file?.name ?? 'No file chosen';
  if (file) void guarded(() => loadFile(file));
});
byId('example').addEventListener(
  'click',
  () =>
    void guarded(async () => {
      setStatus('Making the example file in the fitting worker…');
      loadText('example.csv', await worker.example());
      byId('file-name').textContent = 'example.csv (made in the page)';
    }),
);
fitButton.addEventListener('click', () => void guarded(fit));
byId('columns').addEventListener('change', () => {
  showError(undefined);
  void guarded(drawData);
});
stopButton.addEventListener('click', () => worker.stop());
redrawOnResize(() => {
  // A fit under way redraws on its own.
  if (worker.busy) return;
  if (drawn) draw(drawn.model, drawn.history, drawn.points);
  redrawBic?.();
});
const covariancePicker = byId<HTMLSelectElement>('covariance-type');
covariancePicker.innerHTML = covarianceOptions('full');
// The picker shows the short name; the line under it what the model keeps equal or lets vary.
const describeChosen = () => {
  byId('covariance-hint').textContent = describeModel(covariancePicker.value);
};
covariancePicker.addEventListener('change', describeChosen);
// K is typed in only when it is not chosen by BIC, the covariance model only when BIC does not choose it.
(form.elements.namedItem('kMode') as HTMLSelectElement).addEventListener('change', () => {
  const mode = selectField(form, 'kMode');
  (form.elements.namedItem('k') as HTMLInputElement).disabled = mode !== 'fixed';
  byId<HTMLSelectElement>('covariance-type').disabled = mode === 'models';
});
modelButton.addEventListener('click', () => {
  if (result) download(`${baseName()}-model.json`, result.json, 'application/json');
});
labelsButton.addEventListener('click', () => download(`${baseName()}-labels.csv`, labelsCsv(), 'text/csv'));

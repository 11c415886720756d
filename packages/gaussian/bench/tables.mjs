// The Markdown tables of `pnpm bench` (bench/run.mjs prints them; scripts/readme-table.mjs writes
// them into the README from the JSON that `run.mjs --json` saves).

const ms = (r, key = 'msPerIteration') =>
  r && !r.skipped && typeof r[key] === 'number' ? r[key].toFixed(r[key] < 10 ? 3 : 1) : '—';
const mb = (r) => (r && !r.skipped ? (r.peakMemoryBytes / 2 ** 20).toFixed(1) : '—');
const ratio = (slow, fast, key = 'msPerIteration') =>
  slow && fast && !slow.skipped && !fast.skipped ? slow[key] / fast[key] : undefined;
const fmt = (x) => (x === undefined ? '—' : `${x.toFixed(2)}×`);
const relativeDifference = (a, b) =>
  typeof a === 'number' && typeof b === 'number' ? (Math.abs(a - b) / Math.abs(b)).toExponential(1) : '—';

/**
 * Milliseconds per EM iteration, side by side. `targets`: add the issue's target and whether it
 * was met (the bench report; the README leaves that bookkeeping out).
 */
export function perIterationTable(results, { workers, js, mclust, targets }) {
  const header = ['case', 'ours ms/it', 'scikit-learn ms/it', 'speed-up'];
  if (targets) header.push('target', 'met');
  if (js) header.push('generated JS ms/it', 'generic JS ms/it');
  if (workers > 1) {
    header.push(`${workers} workers ms/it`, 'parallel speed-up', `ceiling (${workers} processes)`);
  }
  if (mclust) header.push('mclust ms/it');
  header.push('ours peak MB', 'scikit-learn peak MB', 'lower bound rel. diff');
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  for (const row of results) {
    const speedUp = ratio(row.sklearn, row.ours);
    const cells = [row.case, ms(row.ours), ms(row.sklearn), fmt(speedUp)];
    if (targets) {
      cells.push(`≥ ${row.target}×`, speedUp === undefined ? '—' : speedUp >= row.target ? 'yes' : 'no');
    }
    if (js) cells.push(ms(row.generated), ms(row.generic));
    if (workers > 1) {
      const ceiling = ratio(row.ours, row.concurrent);
      cells.push(ms(row.parallel), fmt(ratio(row.ours, row.parallel)), fmt(ceiling && ceiling * workers));
    }
    if (mclust) cells.push(ms(row.mclust));
    cells.push(
      mb(row.ours),
      mb(row.sklearn),
      relativeDifference(row.ours?.lowerBound, row.sklearn?.lowerBound),
    );
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

/** Whole fits with the defaults: ours and scikit-learn single-threaded, ours on `workers` threads. */
export function endToEndTable(rows, workers) {
  const header = ['case (defaults, end to end)', 'scikit-learn ms', 'ours ms', 'speed-up'];
  if (workers > 1) header.push(`ours, ${workers} workers ms`, `${workers} workers / 1 thread`);
  header.push(
    `first fit of a process ms (scikit-learn / ours${workers > 1 ? ` / ${workers} workers` : ''})`,
    'EM iterations (scikit-learn / ours)',
    'lower bound (scikit-learn / ours)',
  );
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  const bound = (r) => (r && !r.skipped ? r.lowerBound.toFixed(6) : '—');
  const iterations = (r) => (r && !r.skipped ? r.nIter : '—');
  for (const row of rows) {
    const cells = [row.case, ms(row.sklearn, 'msPerFit'), ms(row.ours, 'msPerFit')];
    cells.push(fmt(ratio(row.sklearn, row.ours, 'msPerFit')));
    if (workers > 1) cells.push(ms(row.parallel, 'msPerFit'), fmt(ratio(row.ours, row.parallel, 'msPerFit')));
    const first = [row.sklearn, row.ours, ...(workers > 1 ? [row.parallel] : [])];
    cells.push(
      first.map((side) => ms(side, 'firstFitMs')).join(' / '),
      `${iterations(row.sklearn)} / ${iterations(row.ours)}`,
      `${bound(row.sklearn)} / ${bound(row.ours)}`,
    );
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

/** bench/workers.mjs: wall times, every thread's CPU time, and the speed-up those allow. */
export function workersTable(rows, workers) {
  const f = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '—');
  const lines = [
    `| case | single ms/it | ${workers} workers ms/it | speed-up | single CPU ms/it | calling thread CPU ms/it | workers' CPU ms/it | other threads CPU ms/it | workers idle | idle-machine speed-up from CPU times | load average |`,
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const cells = [
      r.case,
      f(r.single),
      f(r.parallel),
      `${f(r.single / r.parallel, 2)}×`,
      f(r.singleCpu),
      f(r.mainCpu),
    ];
    cells.push(r.workerCpu.map((t) => f(t)).join(' + '), f(r.rest));
    cells.push(r.idle.map((x) => `${Math.round(100 * x)}%`).join(', '), `${f(r.bound, 2)}×`);
    cells.push(r.loads.map((l) => l.toFixed(1)).join(', '));
    lines.push(`| ${cells.join(' | ')} |`);
    if (r.lowerBoundRelativeDifference > 1e-10)
      lines.push(`(lower bounds differ by ${r.lowerBoundRelativeDifference.toExponential(1)} relative)`);
  }
  return lines;
}

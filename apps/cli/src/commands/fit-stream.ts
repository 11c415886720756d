import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { type CovarianceType, GaussianMixture, type InitParams } from '@em/gaussian';
import { integerOption, stringOption } from '../args.js';
import { EXIT, UsageError } from '../errors.js';
import type { SharedFitOptions } from '../fit/protocol.js';
import { plural, renderTable, sig } from '../format.js';
import { onFitInterrupt } from '../interrupt.js';
import { OutputFiles, writeStdout } from '../io/output.js';
import { chooseDelimiter } from '../io/read-table.js';
import { StreamProgressLine } from '../stream-progress.js';

/** The options of `em fit` that `--stream` reads, already parsed by `fitCommand`. */
export interface StreamFitRequest {
  input: string;
  nComponents: number[];
  covarianceTypes: CovarianceType[];
  initParams: InitParams;
  nInit: number;
  maxIter: number;
  tol: number;
  regCovar: number;
  randomState: number;
  delimiter: string | undefined;
  header: boolean | undefined;
  /** Values per row of a raw float64 file (`--float64-columns`). */
  float64Columns: number | undefined;
  /** Which library reads a .parquet file (`--parquet-reader`). */
  parquetReader: ParquetReader;
  json: string | undefined;
  format: 'text' | 'json';
  progress: 'always' | 'auto' | 'never';
  timing: boolean;
  /** Options that need all rows in memory, named if given: they cannot stream. */
  unsupported: string[];
}

/** `auto`: DuckDB when `@duckdb/node-api` is installed, otherwise hyparquet. */
export type ParquetReader = 'auto' | 'duckdb' | 'hyparquet';
const PARQUET_READERS: ParquetReader[] = ['auto', 'duckdb', 'hyparquet'];

/** The options `em fit` parsed, plus its raw values, as a {@link StreamFitRequest}. */
export function streamRequest(
  values: Record<string, string | boolean | undefined>,
  input: string,
  grid: { nComponents: number[]; covarianceTypes: CovarianceType[] },
  options: SharedFitOptions,
  format: 'text' | 'json',
  progress: 'always' | 'auto' | 'never',
): StreamFitRequest {
  if (values.header && values['no-header'])
    throw new UsageError('--header and --no-header contradict each other');
  const unsupported = ['columns', 'labels', 'plot', 'selection-plot', 'missing']
    .filter((option) => values[option] !== undefined && !(option === 'missing' && values.missing === 'error'))
    .map((option) => `--${option}`);
  const float64 = values['float64-columns'];
  const parquetReader = (stringOption(values['parquet-reader']) ?? 'auto') as ParquetReader;
  if (!PARQUET_READERS.includes(parquetReader))
    throw new UsageError(`--parquet-reader must be ${PARQUET_READERS.join(', ')}; received ${parquetReader}`);
  return {
    input,
    ...grid,
    initParams: options.initParams,
    // Each restart costs a pass per iteration over the file: one run unless asked for more.
    nInit: values['n-init'] === undefined ? 1 : options.nInit,
    maxIter: options.maxIter,
    tol: options.tol,
    regCovar: options.regCovar,
    randomState: options.randomState,
    delimiter: stringOption(values.delimiter),
    header: values.header ? true : values['no-header'] ? false : undefined,
    float64Columns: float64 === undefined ? undefined : integerOption('float64-columns', float64, 1, 1),
    parquetReader,
    json: stringOption(values.json),
    format,
    progress,
    timing: values.timing === true,
    unsupported,
  };
}

const passes = (n: number) => `${n.toLocaleString('en-US')} pass${n === 1 ? '' : 'es'}`;

/**
 * `em fit FILE --stream`: one Gaussian mixture fitted by exact EM reading the file once per
 * iteration (GaussianMixture.fitStream), so memory stays bounded whatever the file's size. CSV/TSV
 * (every column numeric) or raw little-endian float64 rows (`.f64`/`.bin`, `--float64-columns`).
 * One model: a single -k and a single covariance type.
 */
export async function fitStreamCommand(request: StreamFitRequest): Promise<number> {
  const { input } = request;
  if (request.unsupported.length > 0) {
    throw new UsageError(
      `${request.unsupported.join(', ')} cannot be used with --stream (it needs every row in memory)`,
    );
  }
  if (input === '-')
    throw new UsageError('--stream reads the file once per iteration: give a file, not stdin');
  if (request.nComponents.length !== 1 || request.covarianceTypes.length !== 1) {
    throw new UsageError('--stream fits one model: give one --components value and one --covariance type');
  }
  const outputs = new OutputFiles();
  if (request.json) await outputs.plan('json', request.json, [input]);
  const nComponents = request.nComponents[0]!;
  const covarianceType = request.covarianceTypes[0]!;
  const bar = new StreamProgressLine(process.stderr, request.progress !== 'never', request.maxIter);
  const controller = new AbortController();
  let interrupted = false;
  const release = onFitInterrupt(() => {
    interrupted = true;
    controller.abort();
    process.stderr.write('\nStopping after the current pass (press Ctrl-C again to quit now)…\n');
  });
  const model = new GaussianMixture({
    nComponents,
    covarianceType,
    initParams: request.initParams,
    nInit: request.nInit,
    maxIter: request.maxIter,
    tol: request.tol,
    regCovar: request.regCovar,
    randomState: request.randomState,
    signal: controller.signal,
    onIteration: (info) => {
      bar.logLikelihood = info.logLikelihood;
    },
  });
  // Parquet row groups become chunks; otherwise the file is CSV/TSV (the delimiter as `em fit`
  // chooses it: named, from the extension, or sniffed) or raw float64.
  const parquet = /\.parquet$/i.test(input)
    ? await openParquetOrExplain(input, request.parquetReader)
    : undefined;
  const delimiter =
    parquet || request.float64Columns !== undefined
      ? undefined
      : chooseDelimiter(input, await fileHead(input), request.delimiter);
  const started = performance.now();
  let rows = 0;
  try {
    // A file that cannot be opened is an InvalidInputError naming it: one line, exit code 2.
    await model.fitStream(parquet ? parquet.chunks : input, {
      ...(parquet
        ? {}
        : request.float64Columns === undefined
          ? { format: 'csv' as const, delimiter, header: request.header ?? 'auto' }
          : { format: 'float64' as const, columns: request.float64Columns }),
      onProgress: (progress) => {
        if (progress.pass === 1) rows = progress.rows;
        bar.update(progress);
      },
    });
  } finally {
    bar.done();
    release();
    parquet?.close?.();
  }
  const seconds = (performance.now() - started) / 1000;
  if (request.json) {
    await outputs.writeAllOrNothing(async () => {
      await outputs.write(request.json!, `${JSON.stringify(model.toJSON(), null, 2)}\n`);
    });
  }
  if (request.timing) {
    const peak = process.resourceUsage().maxRSS / 1024;
    process.stderr.write(
      `em fit: timing: ${passes(model.nIter + 1)} over ${plural(rows, 'row')} in ${seconds.toFixed(1)} s, peak memory ${peak.toFixed(0)} MB (resident set)\n`,
    );
  }
  if (!model.converged && !interrupted) {
    process.stderr.write(
      `em fit: did not converge in ${plural(model.nIter, 'iteration')}: raise --max-iter or --tol\n`,
    );
  }
  const summary = {
    data: { source: input, rows, columns: model.nFeatures, streamed: true },
    model: {
      nComponents,
      covarianceType,
      nIter: model.nIter,
      converged: model.converged,
      interrupted,
      lowerBound: model.lowerBound,
      weights: model.weights,
      means: model.means,
    },
    written: request.json ? { json: request.json } : {},
  };
  if (request.format === 'json') {
    await writeStdout(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const table = [
      ['component', 'weight', 'mean'],
      ...model.weights.map((w, c) => [
        String(c + 1),
        sig(w, 4),
        model.means[c]!.map((m) => sig(m, 5)).join(', '),
      ]),
    ];
    await writeStdout(
      [
        `${basename(input)}: ${plural(rows, 'row')} × ${plural(model.nFeatures, 'column')}, streamed (${passes(model.nIter + 1)} over the file)`,
        `${plural(nComponents, 'component')}, ${covarianceType} covariance: ${model.converged ? 'converged' : interrupted ? 'interrupted' : 'not converged'} after ${plural(model.nIter, 'iteration')}, log-likelihood per row ${sig(model.lowerBound, 8)}`,
        renderTable(table),
        ...(request.json ? [`model written to ${request.json}`] : []),
        '',
      ].join('\n'),
    );
  }
  return interrupted ? EXIT.interrupted : EXIT.ok;
}

/** The first 64 kB of a file as text ('' when it cannot be read: fitStream then names the problem). */
async function fileHead(path: string): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(1 << 16);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return new TextDecoder().decode(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

/** The Parquet file, or a one-line error when it cannot be read or is not Parquet. */
async function openParquetOrExplain(path: string, reader: ParquetReader) {
  try {
    // Loaded for .parquet files only: other runs never load a Parquet reader. DuckDB when it is
    // installed (an optional peer dependency, several times faster), otherwise hyparquet.
    const { loadDuckDB, openParquetWithDuckDB } = await import('../io/parquet-duckdb.js');
    const duckdb = reader === 'hyparquet' ? undefined : await loadDuckDB();
    if (reader === 'duckdb' && !duckdb)
      throw new UsageError('--parquet-reader duckdb needs DuckDB: npm i @duckdb/node-api');
    if (duckdb) return await openParquetWithDuckDB(duckdb, path);
    const { openParquet } = await import('../io/parquet-source.js');
    return await openParquet(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // One line: DuckDB's messages run over several.
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(`cannot read ${path} as Parquet: ${message}`);
  }
}

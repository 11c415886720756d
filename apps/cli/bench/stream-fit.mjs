// `em fit … --stream` on big files, each run under /usr/bin/time -v (wall time, CPU time of all the
// process's threads, peak RSS), interleaved, best of --repeats: the figures of docs/guide/large-data.md.
// CPU time is the steadier figure on a shared machine; the wall time per pass comes from the progress lines.
//
//   node bench/stream-fit.mjs [--repeats 1] [--max-iter 3] -- NAME=FILE[:em fit options] …
//   e.g. node bench/stream-fit.mjs -- 'memory=/tmp/x.csv:--n-init 1' 'csv=/tmp/x.csv:--stream' \
//          'duckdb=/tmp/x.parquet:--parquet-reader duckdb' 'hyparquet=/tmp/x.parquet:--parquet-reader hyparquet'
//
// Every run fits K = 5 full covariances from the same seed with --tol 0 (a fixed number of iterations).
// Run `pnpm build` first.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args, positionals } = parseArgs({
  options: {
    repeats: { type: 'string', default: '1' },
    'max-iter': { type: 'string', default: '3' },
  },
  allowPositionals: true,
});
const bin = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(file, extra) {
  const emArgs = [
    'fit',
    file,
    '-k',
    '5',
    '-c',
    'full',
    '--seed',
    '0',
    '--max-iter',
    args['max-iter'],
    '--tol',
    '0',
  ];
  emArgs.push('--timing', '--progress', '--format', 'json', ...extra);
  const out = spawnSync('/usr/bin/time', ['-v', process.execPath, bin, ...emArgs], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const field = (name) => {
    const match = new RegExp(`${name}: (.*)`).exec(out.stderr);
    return match ? match[1].trim() : undefined;
  };
  // h:mm:ss or m:ss.ss
  const wall = field('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)')
    .split(':')
    .reduce((sum, part) => sum * 60 + Number(part), 0);
  const cpu = Number(field('User time \\(seconds\\)')) + Number(field('System time \\(seconds\\)'));
  const rssMiB = Number(field('Maximum resident set size \\(kbytes\\)')) / 1024;
  if (out.status !== 0) throw new Error(`em ${emArgs.join(' ')}: ${out.stderr.slice(-2000)}`);
  const summary = JSON.parse(out.stdout);
  return {
    wall,
    cpu,
    rssMiB,
    rows: summary.data.rows,
    nIter: summary.model.nIter,
    timing: /em fit: timing: (.*)/.exec(out.stderr)?.[1] ?? /em fit: (load .*)/.exec(out.stderr)?.[1],
    model: summary.model,
  };
}

const configs = positionals.map((spec) => {
  const [name, rest] = spec.split(/=(.*)/s);
  const [file, options = ''] = rest.split(/:(.*)/s);
  return { name, file, extra: options.split(' ').filter(Boolean) };
});
const best = new Map();
for (let r = 0; r < Number(args.repeats); r++) {
  for (const config of configs) {
    const result = run(config.file, config.extra);
    console.error(`${config.name}: ${JSON.stringify({ ...result, model: undefined })}`);
    const previous = best.get(config.name);
    if (!previous || result.cpu < previous.cpu)
      best.set(config.name, { ...result, rssMiB: Math.max(result.rssMiB, previous?.rssMiB ?? 0) });
  }
}
const reference = best.get(configs[0].name);
console.log(
  `em fit -k 5 -c full --max-iter ${args['max-iter']} --tol 0, best of ${args.repeats} by CPU time (peak RSS: worst)`,
);
console.log('| run | rows | wall s | CPU s | CPU ns / row / pass | vs first | peak RSS (MiB) |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const { name } of configs) {
  const result = best.get(name);
  // Passes: nIter + 1 when streamed (the first counts and samples); an in-memory fit reads the file once.
  const perRow = (result.cpu * 1e9) / result.rows / (result.nIter + 1);
  const ref = (reference.cpu * 1e9) / reference.rows / (reference.nIter + 1);
  console.log(
    `| ${name} | ${result.rows} | ${result.wall.toFixed(0)} | ${result.cpu.toFixed(1)} | ${perRow.toFixed(0)} | ${(perRow / ref).toFixed(2)} | ${result.rssMiB.toFixed(0)} |`,
  );
}

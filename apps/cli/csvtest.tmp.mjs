import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
const opts = JSON.parse(process.argv[3] || '{}');
const t0 = performance.now();
let n = 0, sum = 0;
const parser = parse({ ...opts, on_record: (rec) => { n++; for (const c of rec) sum += +c; return null; } });
createReadStream(process.argv[2], {highWaterMark: 1<<20}).pipe(parser);
for await (const r of parser) {}
console.log(JSON.stringify(opts), n, (performance.now() - t0).toFixed(0), 'ms');

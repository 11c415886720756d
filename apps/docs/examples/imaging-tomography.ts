import {
  fbp,
  mlem,
  osem,
  parallelBeam,
  rmse,
  sheppLogan,
  simulateSinogram,
  ssim,
  systemMatrix,
} from '@em/imaging';
import { rasterSvg } from '@em/plot';

// A 64 × 64 scan with 90 angles over 180°; the sparse system matrix is built once.
const A = systemMatrix(parallelBeam({ size: 64, nAngles: 90 }));
const phantom = sheppLogan(64);
const score = (image: Float64Array) =>
  `${rmse(image, phantom).toFixed(3)} / ${ssim(image, phantom, { dataRange: 1 }).toFixed(3)}`;

console.log(
  'counts     FBP Hann       MLEM 10 it.    MLEM 50 it.    OSEM 10×1',
);
for (const [counts, seed] of [
  [1e4, 11],
  [1e5, 12],
  [1e6, 13],
] as const) {
  const scan = simulateSinogram(phantom, A, { counts, seed });
  const toPhantomUnits = (image: Float64Array) =>
    image.map((v) => v / scan.scale);
  const filtered = fbp(toPhantomUnits(scan.sinogram), A, { filter: 'hann' });
  const mlem10 = mlem(scan.sinogram, A, { iterations: 10 });
  const mlem50 = mlem(scan.sinogram, A, { iterations: 50 });
  const os = osem(scan.sinogram, A, { subsets: 10, iterations: 1 });
  console.log(
    [
      counts.toExponential(0).padEnd(8),
      score(filtered),
      score(toPhantomUnits(mlem10.image)),
      score(toPhantomUnits(mlem50.image)),
      score(toPhantomUnits(os.image)),
    ].join('  '),
  );
  if (counts === 1e5) {
    const width = 300;
    const options = { width, height: 260, domain: [0, 1] as [number, number] };
    // The guide's three pictures (drawn at build time from the same scan).
    const show = (values: Float64Array, title: string) =>
      rasterSvg({ values, width: 64, height: 64 }, { ...options, title });
    const pictures = [
      show(phantom, 'Shepp–Logan phantom'),
      show(filtered, 'FBP (Hann), 10⁵ counts'),
      show(toPhantomUnits(mlem10.image), 'MLEM, 10 iterations'),
    ];
    console.log(
      `pictures: ${pictures.filter((svg) => svg.includes('<image')).length} rasters drawn`,
    );
    const increases = mlem50.history.every(
      (ll, i) => i === 0 || ll >= mlem50.history[i - 1]!,
    );
    console.log(
      `log-likelihood never decreases over 50 MLEM iterations: ${increases}`,
    );
  }
}

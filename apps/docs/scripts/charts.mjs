// Draws every chart of the guides from real fits: data from @em/sampling, fits from @em/gaussian,
// SVG from @em/plot. Run by `pnpm docs` before VitePress, which then fails on any chart the guides
// reference that is missing. Output: docs/guide/charts/*.svg and docs/public/hero.svg (generated,
// git-ignored).
//
// While one of those packages is not built yet, each chart is replaced by a visible placeholder
// and a warning is printed, so the rest of the site can still be built and reviewed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const outDir = fileURLToPath(
  new URL('../../../docs/guide/charts/', import.meta.url),
);
const publicDir = fileURLToPath(
  new URL('../../../docs/public/', import.meta.url),
);
// Start empty, so a chart the guides no longer use cannot linger and hide a missing one.
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
mkdirSync(publicDir, { recursive: true });

/** Every chart the guides use, by file name. */
const CHARTS = [
  'seed-density.svg',
  'seed-histogram-5-bins.svg',
  'convergence.svg',
  'covariance-full.svg',
  'covariance-tied.svg',
  'covariance-diag.svg',
  'covariance-spherical.svg',
  'model-selection.svg',
  'density-vs-clustering.svg',
  'em-at-work-1.svg',
  'em-at-work-8.svg',
  'em-at-work-converged.svg',
  'genetics-abo.svg',
  'sleepstudy-slopes.svg',
  'bayesian-weights.svg',
  'bayesian-bic.svg',
  'mixtures-tonedata.svg',
  'imaging-phantom.svg',
  'imaging-fbp.svg',
  'imaging-mlem.svg',
  'incomplete-data-imputed.svg',
];

async function load() {
  try {
    return {
      sampling: await import('@em/sampling'),
      gaussian: await import('@em/gaussian'),
      plot: await import('@em/plot'),
    };
  } catch (error) {
    return { error };
  }
}

function placeholder(name, reason) {
  const text = `${name}: not drawn (${reason})`.replace(/[<>&"]/g, '');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120" viewBox="0 0 640 120"><title>${text}</title><rect width="640" height="120" fill="#fff4e5" stroke="#e69f00"/><text x="20" y="64" font-family="sans-serif" font-size="14">${text}</text></svg>\n`;
}

const packages = await load();
if (packages.error) {
  const reason = packages.error.code ?? packages.error.message;
  console.warn(
    `[charts] WARNING: @em/sampling, @em/gaussian or @em/plot is not available (${reason}).`,
  );
  console.warn(
    '[charts] WARNING: writing placeholder charts; build those packages for the real ones.',
  );
  for (const name of CHARTS)
    writeFileSync(outDir + name, placeholder(name, 'package not built'));
  writeFileSync(
    `${publicDir}hero.svg`,
    placeholder('hero.svg', 'package not built'),
  );
  process.exit(0);
}

const { sampling, gaussian, plot } = packages;
const { createRandom, normal, concat, multivariateNormal } = sampling;
const { GaussianMixture } = gaussian;
const written = new Set();
const save = (name, svg) => {
  if (!CHARTS.includes(name))
    throw new Error(`chart ${name} is not listed in CHARTS`);
  writeFileSync(outDir + name, svg);
  written.add(name);
};

// The seed example (getting-started guide): 4000 points from N(20, 5) and 8000 from N(40, 5).
{
  const rng = createRandom(42);
  const x = concat(
    normal(rng, { loc: 20, scale: 5, size: 4000 }),
    normal(rng, { loc: 40, scale: 5, size: 8000 }),
  );
  const gmm = new gaussian.UnivariateGaussianMixture({
    nComponents: 2,
    randomState: 1,
  }).fit(x);
  // Legends name components by predict()'s 0-based labels, as the guide's text does.
  const componentLabels = gmm.means.map(
    (mean, k) =>
      `label ${k}: mean ${mean.toFixed(1)}, weight ${gmm.weights[k].toFixed(2)}`,
  );
  const options = { xLabel: 'x', width: 720, height: 380, componentLabels };
  save(
    'seed-density.svg',
    plot.mixtureDensitySvg(x, gmm, {
      ...options,
      bins: 50,
      title: 'Two processes, 50 bins, fitted mixture',
    }),
  );
  // The home page's picture: the same chart, without the words.
  writeFileSync(
    `${publicDir}hero.svg`,
    plot.mixtureDensitySvg(x, gmm, {
      bins: 40,
      width: 560,
      height: 400,
      componentLabels,
      title: 'Two processes, one fitted mixture',
    }),
  );
  save(
    'seed-histogram-5-bins.svg',
    plot.histogramSvg(x, {
      xLabel: 'x',
      width: 720,
      height: 380,
      bins: 5,
      title: 'The same sample with 5 bins',
    }),
  );
}

// EM at work (concepts guide): the seed sample from a deliberately poor start, after 1 and 8
// iterations (tol: 0 runs exactly maxIter of them), and once converged with the default tol.
{
  const rng = createRandom(42);
  const x = concat(
    normal(rng, { loc: 20, scale: 5, size: 4000 }),
    normal(rng, { loc: 40, scale: 5, size: 8000 }),
  );
  const start = {
    nComponents: 2,
    weightsInit: [0.5, 0.5],
    meansInit: [24, 28],
    variancesInit: [100, 100],
  };
  for (const [name, options] of [
    ['1', { maxIter: 1, tol: 0 }],
    ['8', { maxIter: 8, tol: 0 }],
    ['converged', {}],
  ]) {
    const gmm = new gaussian.UnivariateGaussianMixture({
      ...start,
      ...options,
    }).fit(x);
    const componentLabels = gmm.means.map(
      (mean, k) =>
        `mean ${mean.toFixed(1)}, weight ${gmm.weights[k].toFixed(2)}`,
    );
    const title =
      name === 'converged'
        ? `Converged after ${gmm.nIter} iterations`
        : `After ${gmm.nIter} iteration${gmm.nIter === 1 ? '' : 's'}`;
    save(
      `em-at-work-${name}.svg`,
      plot.mixtureDensitySvg(x, gmm, {
        bins: 50,
        componentLabels,
        title,
        xLabel: 'x',
        width: 420,
        height: 340,
      }),
    );
  }
}

// Three 2-D clusters of different shapes, fitted with each covariance type.
const rng2 = createRandom(7);
const clusters = concat(
  multivariateNormal(rng2, {
    mean: [0, 0],
    cov: [
      [4, 1.8],
      [1.8, 1.2],
    ],
    size: 300,
  }),
  multivariateNormal(rng2, {
    mean: [7, 3],
    cov: [
      [1, 0],
      [0, 1],
    ],
    size: 300,
  }),
  multivariateNormal(rng2, {
    mean: [2, 7],
    cov: [
      [0.6, -0.5],
      [-0.5, 2],
    ],
    size: 300,
  }),
);
for (const covarianceType of ['full', 'tied', 'diag', 'spherical']) {
  const gmm = new GaussianMixture({
    nComponents: 3,
    covarianceType,
    randomState: 0,
    nInit: 3,
  }).fit(clusters);
  save(
    `covariance-${covarianceType}.svg`,
    plot.scatterSvg(clusters, {
      model: gmm,
      nStd: [1, 2],
      title: `covarianceType: '${covarianceType}' (BIC ${gmm.bic(clusters).toFixed(0)})`,
      width: 420,
      height: 380,
    }),
  );
}

// Random initialisation takes a while to separate the clusters: the S-shaped climb of the likelihood.
{
  const gmm = new GaussianMixture({
    nComponents: 3,
    initParams: 'random',
    randomState: 0,
  }).fit(clusters);
  save(
    'convergence.svg',
    plot.convergenceSvg(gmm, {
      title: `Three clusters, initParams 'random': ${gmm.nIter} iterations`,
      yLabel: 'mean log-likelihood per point',
      width: 720,
      height: 360,
    }),
  );
}

// BIC for every covariance type and number of components: the table mclust users read first.
{
  const { table } = gaussian.selectModel(clusters, {
    nComponents: [1, 2, 3, 4, 5, 6],
    nInit: 2,
    randomState: 0,
  });
  const rows = table.map(({ covarianceType, nComponents, bic }) => ({
    covarianceType,
    nComponents,
    value: bic,
  }));
  save(
    'model-selection.svg',
    plot.modelSelectionSvg(rows, {
      criterion: 'BIC',
      title: 'BIC of every model (lower is better)',
      width: 720,
    }),
  );
}

// Density estimation: a skewed sample no single Gaussian fits, described well by a 4-component mixture
// whose components mean nothing on their own.
{
  const rng3 = createRandom(3);
  const skewed = Float64Array.from(normal(rng3, { size: 3000 }), (z) =>
    Math.exp(0.6 * z),
  );
  const gmm = new GaussianMixture({ nComponents: 4, randomState: 0 }).fit(
    skewed,
  );
  save(
    'density-vs-clustering.svg',
    plot.mixtureDensitySvg(skewed, gmm, {
      // The long right tail is cut at 5 (0.3% of the points lie beyond) to show the shape.
      bins: Array.from({ length: 51 }, (_, i) => i / 10),
      xDomain: [0, 5],
      xLabel: 'x',
      title: 'A skewed sample: four components, no four clusters',
      width: 720,
      height: 380,
    }),
  );
}

// ABO allele frequencies with 95% intervals (genetics guide): Clarke et al. (1959), Lange (2002).
{
  const { ABO, alleleFrequencies } = await import('@em/genetics');
  const fit = alleleFrequencies({ A: 186, B: 38, AB: 13, O: 284 }, ABO);
  save(
    'genetics-abo.svg',
    plot.frequencyBarsSvg(
      fit.alleles.map((label, i) => ({
        label,
        value: fit.frequencies[i],
        standardError: fit.standardErrors[i],
      })),
      {
        title: 'ABO allele frequencies, 95% intervals',
        xLabel: 'allele',
        width: 560,
        height: 320,
      },
    ),
  );
}

// The sleepstudy random slopes with 95% intervals (mixed-models guide), as lme4's
// dotplot(ranef(fm1, condVar = TRUE)).
{
  const { LinearMixedModel, sleepstudy } = await import('@em/mixed');
  const fit = new LinearMixedModel().fit(
    'Reaction ~ Days + (Days | Subject)',
    sleepstudy,
  );
  const [subject] = fit.ranef();
  save(
    'sleepstudy-slopes.svg',
    plot.caterpillarSvg(
      {
        levels: subject.levels,
        values: subject.values.map((v) => v[1]),
        condSd: subject.condSd.map((v) => v[1]),
      },
      {
        title: 'Subject: random slopes (ms/day)',
        xLabel: 'Days',
        width: 640,
        height: 420,
      },
    ),
  );
}

// The variational mixture on the three clusters (Bayesian mixtures guide): the weights of 10
// offered components, next to the BIC curve of selectModel on the same data.
{
  const bgm = new gaussian.BayesianGaussianMixture({
    nComponents: 10,
    maxIter: 1000,
    randomState: 0,
  }).fit(clusters);
  save(
    'bayesian-weights.svg',
    plot.frequencyBarsSvg(
      // Components numbered from 1, as in every chart legend and the command line.
      bgm.weights.map((value, c) => ({ label: String(c + 1), value })),
      {
        title: `BayesianGaussianMixture, 10 offered: ${bgm.effectiveComponents()} used`,
        xLabel: 'component',
        yLabel: 'weight',
        width: 420,
        height: 320,
      },
    ),
  );
  const { table } = gaussian.selectModel(clusters, {
    nComponents: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    covarianceTypes: ['full'],
    nInit: 2,
    randomState: 0,
  });
  save(
    'bayesian-bic.svg',
    plot.modelSelectionSvg(
      table.map(({ covarianceType, nComponents, bic }) => ({
        covarianceType,
        nComponents,
        value: bic,
      })),
      {
        criterion: 'BIC',
        title: 'selectModel: BIC of K = 1 … 10 (lower is better)',
        width: 420,
        height: 320,
      },
    ),
  );
}

// mixtools' tonedata with two regression lines (mixtures guide), from the R fixture's start.
{
  const { readFileSync } = await import('node:fs');
  const { RegressionMixture } = await import('@em/mixtures');
  const tone = JSON.parse(
    readFileSync(
      new URL(
        '../../../packages/mixtures/test/fixtures/r-reference.json',
        import.meta.url,
      ),
      'utf8',
    ),
  ).regmixEM;
  const fit = new RegressionMixture({
    nComponents: 2,
    tol: 1e-10,
    maxIter: 1000,
    weightsInit: tone.start.weights,
    coefficientsInit: tone.start.coefficients,
    sigmasInit: tone.start.sigmas,
  }).fit(tone.data.x, tone.data.y);
  save(
    'mixtures-tonedata.svg',
    plot.regressionMixtureSvg(
      {
        x: tone.data.x,
        y: tone.data.y,
        labels: fit.predict(tone.data.x, tone.data.y),
        lines: fit.coefficients.map(([intercept, slope]) => ({
          intercept,
          slope,
        })),
      },
      {
        title: 'tonedata: two regression lines',
        xLabel: 'stretch ratio',
        yLabel: 'tuned ratio',
      },
    ),
  );
}

// The Shepp–Logan phantom, FBP and MLEM at 10⁵ counts (imaging guide), as the guide's example.
{
  const imaging = await import('@em/imaging');
  const A = imaging.systemMatrix(
    imaging.parallelBeam({ size: 64, nAngles: 90 }),
  );
  const phantom = imaging.sheppLogan(64);
  const scan = imaging.simulateSinogram(phantom, A, { counts: 1e5, seed: 12 });
  const toPhantomUnits = (image) => image.map((v) => v / scan.scale);
  const options = { width: 300, height: 260, domain: [0, 1] };
  const show = (name, values, title) =>
    save(
      name,
      plot.rasterSvg({ values, width: 64, height: 64 }, { ...options, title }),
    );
  show('imaging-phantom.svg', phantom, 'Shepp–Logan phantom');
  show(
    'imaging-fbp.svg',
    imaging.fbp(toPhantomUnits(scan.sinogram), A, { filter: 'hann' }),
    'FBP (Hann), 10⁵ counts',
  );
  show(
    'imaging-mlem.svg',
    toPhantomUnits(imaging.mlem(scan.sinogram, A, { iterations: 10 }).image),
    'MLEM, 10 iterations',
  );
}

// Fitting incomplete data (guide): iris with 25% of the cells removed completely at random (the
// first draw of the guide's table, same seed and options), the removed cells' true values against
// EM's imputations (missing: 'em', then impute) and against their column's mean.
{
  const { readFileSync } = await import('node:fs');
  const X = readFileSync(
    new URL('../examples/data/iris.csv', import.meta.url),
    'utf8',
  )
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const rng = createRandom(101);
  const Xm = X.map((row) => {
    const out = row.map((v) => (rng.random() < 0.25 ? Number.NaN : v));
    if (out.every(Number.isNaN)) {
      const j = rng.integer(row.length);
      out[j] = row[j];
    }
    return out;
  });
  const gmm = new GaussianMixture({
    nComponents: 3,
    nInit: 5,
    randomState: 0,
    maxIter: 2000,
    tol: 1e-6,
    missing: 'em',
  }).fit(Xm);
  const imputed = gmm.impute(Xm);
  const means = X[0].map((_, j) => {
    const seen = Xm.map((row) => row[j]).filter((v) => !Number.isNaN(v));
    return seen.reduce((a, b) => a + b, 0) / seen.length;
  });
  const emPoints = [];
  const meanPoints = [];
  let emSq = 0;
  let meanSq = 0;
  for (const [i, row] of Xm.entries())
    for (const [j, v] of row.entries()) {
      if (!Number.isNaN(v)) continue;
      emPoints.push([X[i][j], imputed[i][j]]);
      meanPoints.push([X[i][j], means[j]]);
      emSq += (imputed[i][j] - X[i][j]) ** 2;
      meanSq += (means[j] - X[i][j]) ** 2;
    }
  const rmse = (sq) => Math.sqrt(sq / emPoints.length).toFixed(2);
  save(
    'incomplete-data-imputed.svg',
    plot.scatterSvg([...meanPoints, ...emPoints], {
      labels: [...meanPoints.map(() => 1), ...emPoints.map(() => 0)],
      componentLabels: [
        `EM's impute (RMSE ${rmse(emSq)} cm)`,
        `column mean (RMSE ${rmse(meanSq)} cm)`,
      ],
      dimensionNames: ['true value (cm)', 'imputed value (cm)'],
      xDomain: [0, 8],
      yDomain: [0, 8],
      pointRadius: 3,
      title: `Iris, 25% of cells removed: ${emPoints.length} imputed vs true values (exact = diagonal)`,
      width: 720,
      height: 460,
    }),
  );
}

const missing = CHARTS.filter((name) => !written.has(name));
if (missing.length > 0)
  throw new Error(`charts not drawn: ${missing.join(', ')}`);
console.log(`[charts] wrote ${written.size} charts to ${outDir}`);

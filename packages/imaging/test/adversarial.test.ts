// Hostile input for every export of @em/imaging, in the shape of @em/testkit: each call ends in a typed
// EMError or a finite, consistent result — never a TypeError, a NaN/Infinity image, a hang or an
// edited geometry accepted. CI replays a fixed seed (test/setup.ts); local runs draw more.
import {
  adversarialRecorder,
  asyncPropertyTypedOrFinite,
  expectRefused,
  expectTypedError,
  expectTypedErrorAsync,
  extremeFinite,
  hostileNumber,
  hostileString,
  hostileValue,
  hugeSize,
  propertyTypedOrFinite,
  tamperedJson,
} from '@em/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attenuationFactors,
  disc,
  fbp,
  geometryFromJSON,
  geometryToJSON,
  mlem,
  osem,
  parallelBeam,
  rmse,
  StreamingMlem,
  segmentImage,
  sheppLogan,
  simulateSinogram,
  ssim,
  systemMatrix,
} from '../src/index.js';
import { system } from './helpers.js';

const recorder = adversarialRecorder('@em/imaging');
const anyValue = fc.oneof(hostileValue, hostileNumber, hugeSize, hostileString);
const A = system(8, 6);
const nRays = A.nRays;
const valid = simulateSinogram(sheppLogan(8), A, { counts: 1e4, seed: 1 }).sinogram;

/** A reconstruction: a finite non-negative image and a finite log-likelihood. */
const checkImage = (r: { image: Float64Array; logLikelihood: number }) => {
  expect(r.image.every((v) => v >= 0)).toBe(true);
};

describe('@em/imaging under hostile input', () => {
  it('arbitrary sinograms (shapes, extreme and non-finite values) for mlem, osem and fbp', () => {
    const sinogram = fc.oneof(
      fc.array(
        fc.oneof(
          { weight: 6, arbitrary: fc.integer({ min: 0, max: 50 }) },
          { weight: 1, arbitrary: fc.oneof(hostileNumber, extremeFinite) },
        ),
        {
          minLength: nRays,
          maxLength: nRays,
        },
      ),
      fc.array(fc.oneof(hostileNumber, extremeFinite), { maxLength: 60 }),
      anyValue,
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({ sinogram, how: fc.constantFrom('mlem', 'osem', 'fbp') }),
      ({ sinogram, how }) =>
        how === 'fbp'
          ? fbp(sinogram as never, A)
          : (how === 'mlem' ? mlem : osem)(sinogram as never, A, { iterations: 3 }),
      { check: (r) => (r instanceof Float64Array ? undefined : checkImage(r)) },
    );
  });

  it('arbitrary options of mlem, osem, fbp, simulateSinogram and the phantoms', () => {
    const keys = [
      'iterations',
      'tol',
      'subsets',
      'initial',
      'acceleration',
      'onIteration',
      'signal',
      'attenuation',
      'background',
      'filter',
      'counts',
      'seed',
      'radius',
      'value',
      'unknownOption',
    ];
    const calls = [
      (o: unknown) => mlem(valid, A, o as never),
      (o: unknown) => osem(valid, A, o as never),
      (o: unknown) => fbp(valid, A, o as never),
      (o: unknown) => simulateSinogram(sheppLogan(8), A, o as never).sinogram,
      (o: unknown) => sheppLogan(8, o as never),
      (o: unknown) => disc(8, o as never),
    ];
    propertyTypedOrFinite(
      recorder,
      fc.record({
        call: fc.nat({ max: calls.length - 1 }),
        options: fc.oneof(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 3 }), anyValue),
      }),
      ({ call, options }) => calls[call]!(options),
    );
  });

  it('arbitrary geometries, hand-made or edited, for parallelBeam and systemMatrix', () => {
    const geometry = fc.record(
      {
        size: fc.oneof(fc.integer({ min: 2, max: 12 }), anyValue),
        nAngles: fc.oneof(fc.integer({ min: 1, max: 8 }), anyValue),
        nDetectors: fc.oneof(fc.integer({ min: 1, max: 12 }), anyValue),
        angles: fc.oneof(fc.array(fc.oneof(hostileNumber, extremeFinite), { maxLength: 6 }), anyValue),
      },
      { requiredKeys: [] },
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({ geometry, byHand: fc.boolean() }),
      ({ geometry, byHand }) => {
        const g = byHand
          ? { ...geometry, angles: Float64Array.from((geometry.angles as number[]) ?? []) }
          : parallelBeam(geometry as never);
        const matrix = systemMatrix(g as never);
        return { nRays: matrix.nRays, values: matrix.values };
      },
      { check: ({ values }) => expect(values.every((v: number) => v >= 0)).toBe(true) },
    );
  });

  it('tampered geometry JSON: refused with a typed error, or a geometry that builds', () => {
    propertyTypedOrFinite(
      recorder,
      tamperedJson(JSON.parse(JSON.stringify(geometryToJSON(parallelBeam({ size: 8, nAngles: 4 }))))),
      ({ document }) => systemMatrix(geometryFromJSON(document as never)).nRays,
    );
  });

  it('metrics and attenuation factors of arbitrary arrays', () => {
    const image = fc.oneof(
      fc.array(fc.oneof(hostileNumber, extremeFinite), { minLength: 49, maxLength: 64 }),
      anyValue,
    );
    propertyTypedOrFinite(
      recorder,
      fc.record({
        a: image,
        b: image,
        options: fc.oneof(
          fc.constant(undefined),
          fc.record({ dataRange: anyValue, width: anyValue }, { requiredKeys: [] }),
          anyValue,
        ),
        call: fc.nat({ max: 2 }),
      }),
      ({ a, b, options, call }) =>
        call === 0
          ? rmse(a as never, b as never)
          : call === 1
            ? ssim(a as never, b as never, options as never)
            : attenuationFactors(a as never, A),
    );
  });

  it('arbitrary pixel buffers, sizes and options for segmentImage', () => {
    propertyTypedOrFinite(
      recorder,
      fc.record({
        width: fc.oneof(fc.integer({ min: 1, max: 6 }), anyValue),
        height: fc.oneof(fc.integer({ min: 1, max: 6 }), anyValue),
        data: fc.oneof(
          fc.uint8Array({ maxLength: 150 }),
          fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), hostileNumber), { maxLength: 150 }),
          anyValue,
        ),
        options: fc.oneof(
          fc.constant(undefined),
          fc.record(
            { components: anyValue, colorSpace: anyValue, smoothing: anyValue, seed: anyValue },
            { requiredKeys: [] },
          ),
          anyValue,
        ),
      }),
      ({ width, height, data, options }) => {
        const { labels, colors } = segmentImage({ data, width, height } as never, options as never);
        return { labels, colors };
      },
    );
  });
});

describe('@em/imaging StreamingMlem under hostile input', () => {
  const geometry = A.geometry;
  const width = geometry.nDetectors;
  const rowsOf = (from: number, to: number) => valid.subarray(from * width, to * width);
  const hostileChunk = fc.oneof(
    fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), hostileNumber), {
      minLength: width,
      maxLength: 2 * width,
    }),
    fc.record(
      {
        counts: fc.oneof(fc.constant(rowsOf(0, 1)), anyValue),
        background: anyValue,
        attenuation: anyValue,
        angle: anyValue,
      },
      { requiredKeys: ['counts'] },
    ),
    anyValue,
  );

  it('arbitrary chunks of a streamed sinogram: a typed error or a non-negative image', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({ chunks: fc.array(hostileChunk, { maxLength: 4 }), split: fc.nat({ max: 5 }) }),
      async ({ chunks, split }) =>
        new StreamingMlem(geometry, { iterations: 2 }).fitStream([
          rowsOf(0, split),
          ...chunks,
          rowsOf(split, 6),
        ] as never),
      { check: checkImage },
    );
  });

  it('arbitrary options, sources, shard options and wire parameters', async () => {
    await asyncPropertyTypedOrFinite(
      recorder,
      fc.record({
        options: fc.oneof(
          hostileValue,
          fc.dictionary(
            fc.constantFrom('iterations', 'tol', 'initial', 'background', 'acceleration', 'x'),
            anyValue,
            { maxKeys: 2 },
          ),
        ),
        source: fc.oneof(
          anyValue,
          fc.constant(() => 3),
        ),
        params: fc.oneof(
          anyValue,
          fc.record({
            model: fc.oneof(fc.constant('mlem'), anyValue),
            size: fc.oneof(fc.constant(8), anyValue),
            image: fc.oneof(fc.array(hostileNumber, { minLength: 64, maxLength: 64 }), anyValue),
          }),
        ),
        shard: fc.oneof(fc.constant(undefined), fc.record({ firstAngle: anyValue })),
        call: fc.nat({ max: 2 }),
      }),
      async ({ options, source, params, shard, call }) => {
        if (call === 0) return new StreamingMlem(geometry, options as never).fitStream(source as never);
        const mlem = new StreamingMlem(geometry);
        if (call === 1) return mlem.scanShard(source as never, shard as never);
        return mlem.shardStatistics(params as never, [rowsOf(0, 6)], shard as never);
      },
    );
  });

  it('typed errors: a one-shot source, another width, a shard missing, tampered scans', async () => {
    const mlem = new StreamingMlem(geometry, { iterations: 2 });
    await expectTypedErrorAsync(recorder, () => mlem.fitStream([rowsOf(0, 3), rowsOf(3, 6)].values()), [
      'source',
    ]);
    await expectTypedErrorAsync(recorder, () => mlem.fitStream([[Array.from(rowsOf(0, 1)).slice(1)]]), [
      'chunk 0',
    ]);
    const scan = await mlem.scanShard([rowsOf(0, 3)]);
    await expectTypedErrorAsync(
      recorder,
      () => mlem.fitFromStatistics({ scans: [scan], statistics: () => [] }),
      ['angle 3'],
    );
    await expectTypedErrorAsync(
      recorder,
      () =>
        mlem.fitFromStatistics({ scans: [{ ...scan, angles: 6, sensitivity: [1] }], statistics: () => [] }),
      ['sensitivity'],
    );
    await expectTypedErrorAsync(
      recorder,
      () => mlem.fitStream([{ counts: rowsOf(0, 3), angle: 2 }, rowsOf(3, 6)]),
      ['angle'],
    );
  });
});

// The cases found while auditing, kept as regression tests.
describe('@em/imaging: regression cases of the audit', () => {
  it('systemMatrix refuses a hand-made geometry of size 1e12 (it hung) or with non-finite angles', () => {
    const g = parallelBeam({ size: 8, nAngles: 4 });
    expectRefused(recorder, () => systemMatrix({ ...g, size: 1e12 }), 'geometry.size');
    expectRefused(
      recorder,
      () => systemMatrix({ ...g, angles: Float64Array.of(0, Number.NaN, 1, 2) }),
      'geometry.angles',
    );
    expectRefused(recorder, () => systemMatrix({ ...g, nAngles: 5 }), 'geometry.nAngles');
  });

  it('values whose squares overflow are refused, saying to scale the data', () => {
    expectTypedError(
      recorder,
      () =>
        fbp(
          valid.map(() => 1e308),
          A,
        ),
      ['sinogram', 'scale the data'],
    );
    const a = Array.from({ length: 64 }, (_, i) => i);
    expectTypedError(recorder, () => ssim(a, a, { dataRange: 1e308 }), ['dataRange']);
    expectTypedError(
      recorder,
      () =>
        ssim(
          a.map((v) => v * 1e200),
          a,
        ),
      ['image'],
    );
    expectTypedError(recorder, () => parallelBeam({ size: 8, angles: [0, 1e308] }), ['angles[1]']);
  });

  it('mlem and osem aborted before their first iteration throw instead of returning the start image', () => {
    const controller = new AbortController();
    controller.abort();
    for (const run of [mlem, osem])
      expectTypedError(recorder, () => run(valid, A, { iterations: 3, signal: controller.signal }), [
        'before its first iteration',
      ]);
  });

  it('huge sizes are refused before allocating', () => {
    expectTypedError(recorder, () => parallelBeam({ size: 1e9, nAngles: 180 }), ['size']);
    expectTypedError(recorder, () => sheppLogan(1e9), ['size']);
    expectTypedError(
      recorder,
      () => segmentImage({ data: new Uint8ClampedArray(4), width: 1e6, height: 1e6 }),
      ['width'],
    );
  });
});

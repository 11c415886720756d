// Every export has a TSDoc @example; every example (TSDoc and README) runs and the values its comments
// claim hold — through the doc-example harness all packages share (@em/testkit).
import { describeDocExamples } from '@em/testkit';
import * as api from '../src/index.js';

/** The README's browser snippet draws on a canvas: a 4 × 4 stand-in and an ImageData class for Node. */
const context: Record<string, string> = {
  width: 'const width = 4;',
  height: 'const height = 4;',
  context:
    'const context = { getImageData: (_x: number, _y: number, w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4).map((_, i) => (i * 37) % 256), width: w, height: h }), putImageData: (_image: unknown, _x: number, _y: number) => {} };',
  ImageData:
    'class ImageData { constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {} }',
};

describeDocExamples({
  root: new URL('..', import.meta.url),
  entries: { '@em/imaging': 'src/index.ts' },
  api: { '@em/imaging': api },
  context,
  minClaims: 20,
});

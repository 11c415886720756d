import '../styles.css';
import { mlemSteps, osemSteps, segmentImage } from '@em/imaging';
import { rasterSvg } from '@em/plot';
import {
  byId,
  chartSize,
  errorMessage,
  fmt,
  nextFrame,
  numberField,
  selectField,
  showError,
  showSvg,
} from '../ui.js';
import { fitWithin, makeScan, proceduralScene, score } from './model.js';

// Reconstruction: MLEM (or OSEM) iteration by iteration next to filtered back-projection.
const form = byId<HTMLFormElement>('controls');
const stopButton = byId<HTMLButtonElement>('stop');
let running = 0;

function raster(container: HTMLElement, values: Float64Array, size: number, title: string): string {
  return rasterSvg(
    { values, width: size, height: size },
    {
      title,
      domain: [0, 1],
      ...chartSize(container, { width: 300, height: 270 }, 200),
      colorMap: selectField<'gray' | 'viridis'>(form, 'colorMap'),
    },
  );
}

async function reconstruct(): Promise<void> {
  const run = ++running;
  showError(undefined);
  stopButton.disabled = false;
  try {
    const size = Number(selectField(form, 'size'));
    const setup = makeScan({
      size,
      nAngles: Number(selectField(form, 'angles')),
      counts: Number(selectField(form, 'counts')),
      seed: numberField(form, 'seed', 1),
    });
    const iterations = numberField(form, 'iterations', 30);
    const subsets = Number(selectField(form, 'subsets'));
    showSvg(byId('phantom'), raster(byId('phantom'), setup.phantom, size, 'Shepp–Logan phantom'));
    const f = score(setup.fbpImage, setup.phantom);
    showSvg(byId('fbp'), raster(byId('fbp'), setup.fbpImage, size, 'Filtered back-projection (Hann)'));
    byId('fbpScore').textContent = `FBP: RMSE ${fmt(f.rmse, 3)}, SSIM ${fmt(f.ssim, 3)}`;
    const steps =
      subsets === 1
        ? (function* () {
            for (const info of mlemSteps(setup.scan.sinogram, setup.A, { iterations }))
              yield { iteration: info.iteration, image: info.params, logLikelihood: info.logLikelihood };
          })()
        : osemSteps(setup.scan.sinogram, setup.A, { iterations, subsets });
    const name = subsets === 1 ? 'MLEM' : `OSEM (${subsets} subsets)`;
    for (const step of steps) {
      if (run !== running) return;
      const image = step.image.map((v) => v / setup.scan.scale);
      const s = score(image, setup.phantom);
      showSvg(byId('mlem'), raster(byId('mlem'), image, size, `${name}, iteration ${step.iteration}`));
      byId('mlemScore').textContent =
        `${name} after ${step.iteration} iteration${step.iteration === 1 ? '' : 's'}: RMSE ${fmt(s.rmse, 3)}, ` +
        `SSIM ${fmt(s.ssim, 3)}; log-likelihood ${fmt(step.logLikelihood, 7)}${subsets === 1 ? ' (of the previous iterate: it never decreases)' : ''}`;
      await nextFrame();
    }
  } catch (error) {
    showError(errorMessage(error));
  } finally {
    if (run === running) stopButton.disabled = true;
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void reconstruct();
});
stopButton.addEventListener('click', () => {
  running++;
  stopButton.disabled = true;
});

// Segmentation: a Gaussian mixture over pixel colours, on the procedural scene or an uploaded photo.
const segForm = byId<HTMLFormElement>('segment');
const original = byId<HTMLCanvasElement>('original');
const segmented = byId<HTMLCanvasElement>('segmented');
let pixels = proceduralScene(320, 200, 7);

function draw(canvas: HTMLCanvasElement, data: Uint8ClampedArray, width: number, height: number): void {
  canvas.width = width;
  canvas.height = height;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(data), width, height), 0, 0);
}

function segment(): void {
  showError(undefined);
  try {
    draw(original, pixels.data, pixels.width, pixels.height);
    const start = performance.now();
    const result = segmentImage(pixels, {
      components: numberField(segForm, 'components', 3),
      colorSpace: selectField<'rgb' | 'lab'>(segForm, 'colorSpace'),
      smoothing: (segForm.elements.namedItem('smoothing') as HTMLInputElement).checked,
    });
    const ms = performance.now() - start;
    draw(segmented, result.segmented, result.width, result.height);
    byId('segments').innerHTML = result.colors
      .map(
        (c, k) =>
          `<li><span class="swatch" style="background:rgb(${c.join(',')})"></span> rgb(${c.join(', ')}): ${fmt((100 * result.counts[k]!) / result.labels.length, 3)}% of the pixels</li>`,
      )
      .join('');
    byId('segStatus').textContent =
      `${result.width} × ${result.height} pixels, ${result.colors.length} components, in ${fmt(ms, 3)} ms` +
      (result.smoothedPixels > 0 ? `; ICM relabelled ${result.smoothedPixels} pixels` : '');
  } catch (error) {
    showError(errorMessage(error));
  }
}

byId<HTMLInputElement>('upload').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  byId('upload-name').textContent = file?.name ?? 'No file chosen';
  if (!file) return;
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = fitWithin(bitmap.width, bitmap.height, 1024);
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d')!;
    context.drawImage(bitmap, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    pixels = { data: image.data, width, height };
    segment();
  } catch (error) {
    showError(`Could not read that image: ${errorMessage(error)}`);
  }
});
segForm.addEventListener('submit', (event) => {
  event.preventDefault();
  segment();
});

void reconstruct();
segment();

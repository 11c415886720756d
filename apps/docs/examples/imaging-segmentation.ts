import { segmentImage } from '@em/imaging';
import { createRandom } from '@em/sampling';

// A procedural 160 × 120 "photo": sky, a sun and a field, with sensor noise (σ = 40 per channel).
const width = 160;
const height = 120;
const rng = createRandom(7);
const truth = new Uint8Array(width * height);
const data = new Uint8ClampedArray(width * height * 4);
const colours = [
  [40, 110, 50], // field
  [90, 150, 230], // sky
  [250, 220, 90], // sun
];
for (let y = 0; y < height; y++) {
  for (let x = 0; x < width; x++) {
    const i = y * width + x;
    const horizon = 70 + 8 * Math.sin(x / 20);
    const region =
      (x - 115) ** 2 + (y - 30) ** 2 < 18 ** 2 ? 2 : y < horizon ? 1 : 0;
    truth[i] = region;
    for (let c = 0; c < 3; c++)
      data[i * 4 + c] = colours[region]![c]! + rng.normal(0, 40);
    data[i * 4 + 3] = 255;
  }
}

const correct = (labels: Uint8Array) => {
  // Components come out darkest first: field, sky, sun — the same order as `colours`.
  let same = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === truth[i]) same++;
  return `${((100 * same) / labels.length).toFixed(1)}%`;
};

const plain = segmentImage({ data, width, height }, { components: 3 });
console.log(
  `colours: ${plain.colors.map((c) => `rgb(${c.join(', ')})`).join(', ')}`,
);
console.log(`pixels per segment: ${plain.counts.join(', ')}`);
console.log(`correct without smoothing: ${correct(plain.labels)}`);
const smooth = segmentImage(
  { data, width, height },
  { components: 3, smoothing: { beta: 1.5, iterations: 5 } },
);
console.log(
  `correct with ICM smoothing: ${correct(smooth.labels)} (${smooth.smoothedPixels} pixels relabelled)`,
);

import { createRandom, multivariateNormal } from '@em/sampling';

/**
 * An example CSV made in the page: three groups of flowers-like measurements (two numeric columns
 * with different spreads and correlations) plus a text column, so the column picker has something to skip.
 */
export function exampleCsv(): string {
  const rng = createRandom(2024);
  const groups = [
    {
      name: 'small',
      mean: [2, 3],
      cov: [
        [0.3, 0.1],
        [0.1, 0.2],
      ],
      size: 250,
    },
    {
      name: 'long',
      mean: [6, 4],
      cov: [
        [0.8, 0.5],
        [0.5, 0.6],
      ],
      size: 300,
    },
    {
      name: 'wide',
      mean: [4, 7.5],
      cov: [
        [0.5, -0.2],
        [-0.2, 0.4],
      ],
      size: 200,
    },
  ];
  const lines = ['length,width,group'];
  for (const group of groups) {
    const { data } = multivariateNormal(rng, { mean: group.mean, cov: group.cov, size: group.size });
    for (let i = 0; i < group.size; i++)
      lines.push(`${data[2 * i]!.toFixed(3)},${data[2 * i + 1]!.toFixed(3)},${group.name}`);
  }
  return `${lines.join('\n')}\n`;
}

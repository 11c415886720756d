import { inflateSync } from 'node:zlib';
import { InvalidInputError, InvalidOptionError } from '@em/core';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { colorMapRgb, rasterDataUrl, rasterGeometry, rasterSvg } from '../src/index.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

/** Decodes the PNGs this package writes with Node's zlib (an independent inflate) and checks CRCs. */
function decodePng(url: string) {
  const bytes = Buffer.from(url.replace('data:image/png;base64,', ''), 'base64');
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let pos = 8;
  const chunks: Record<string, Buffer> = {};
  let idat = Buffer.alloc(0);
  while (pos < bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString('latin1', pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    // zlib.crc32 is Node ≥ 20.15; compute the CRC by the table-free bitwise definition instead.
    let c = 0xffffffff;
    for (const b of bytes.subarray(pos + 4, pos + 8 + length)) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    expect(bytes.readUInt32BE(pos + 8 + length)).toBe((c ^ 0xffffffff) >>> 0);
    if (type === 'IDAT') idat = Buffer.concat([idat, data]);
    else chunks[type] = data;
    pos += 12 + length;
  }
  const width = chunks.IHDR!.readUInt32BE(0);
  const height = chunks.IHDR!.readUInt32BE(4);
  const colourType = chunks.IHDR![9]!;
  const raw = inflateSync(idat);
  const channels = colourType === 3 ? 1 : 4;
  const rows: number[][] = [];
  for (let r = 0; r < height; r++) {
    const start = r * (width * channels + 1);
    expect(raw[start]).toBe(0);
    rows.push([...raw.subarray(start + 1, start + 1 + width * channels)]);
  }
  return { width, height, colourType, palette: chunks.PLTE, rows };
}

describe('rasterSvg and rasterDataUrl', () => {
  const values = [0, 1, 2, 3, 4, 5];

  it('encodes a scalar image as a palette PNG whose pixels map the domain onto the colour map', () => {
    const png = decodePng(rasterDataUrl({ values, width: 3, height: 2 }, { colorMap: 'viridis' }));
    expect([png.width, png.height, png.colourType]).toEqual([3, 2, 3]);
    expect(png.rows).toEqual([
      [0, 51, 102],
      [153, 204, 255],
    ]);
    expect([...png.palette!.subarray(0, 3)]).toEqual(colorMapRgb('viridis', 0));
    expect([...png.palette!.subarray(255 * 3, 256 * 3)]).toEqual([253, 231, 37]);
    // A given domain clamps values outside it.
    const clamped = decodePng(rasterDataUrl({ values, width: 3, height: 2 }, { domain: [1, 2] }));
    expect(clamped.rows).toEqual([
      [0, 0, 255],
      [255, 255, 255],
    ]);
  });

  it('encodes a colour image as RGBA, and images larger than one stored deflate block', () => {
    const rgba = new Uint8ClampedArray([255, 0, 0, 255, 0, 255, 0, 128]);
    const png = decodePng(rasterDataUrl({ rgba, width: 2, height: 1 }));
    expect(png.colourType).toBe(6);
    expect(png.rows).toEqual([[255, 0, 0, 255, 0, 255, 0, 128]]);
    const big = Array.from({ length: 300 * 300 }, (_, i) => i % 7);
    const decoded = decodePng(rasterDataUrl({ values: big, width: 300, height: 300 }));
    expect(decoded.rows[299]![299]).toBe(Math.round((255 * ((299 * 300 + 299) % 7)) / 6));
  });

  it('is well-formed, labelled SVG: the raster as <image> with square pixels and a colour bar with ticks', () => {
    const svg = rasterSvg(
      { values, width: 3, height: 2 },
      { title: 'Activity', colorMap: 'viridis', colorBarLabel: 'counts' },
    );
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    const root = parser.parse(svg).svg;
    expect(root.role).toBe('img');
    expect(String(root.desc['#text'])).toContain(
      '3 × 2 grey-level image, values from 0 to 5 shown in viridis',
    );
    const image = /<image class="em-raster"[^>]*>/.exec(svg)![0];
    expect(image).toContain('data-width="3"');
    expect(image).toContain('href="data:image/png;base64,');
    const width = Number(/ width="([\d.]+)"/.exec(image)![1]);
    const height = Number(/ height="([\d.]+)"/.exec(image)![1]);
    expect(width / height).toBeCloseTo(1.5, 2);
    expect(svg).toContain('class="em-color-bar"');
    expect(svg).toContain('>counts</text>');
    const g = rasterGeometry({ values, width: 3, height: 2 }, { title: 'Activity', colorBarLabel: 'counts' });
    expect(g.ticks.length).toBeGreaterThanOrEqual(2);
    expect(g.ticks.every((t) => t.value >= 0 && t.value <= 5)).toBe(true);
    // Ticks run upwards: higher values nearer the top of the bar.
    expect(g.tickPositions[0]!).toBeGreaterThan(g.tickPositions[g.tickPositions.length - 1]!);
    expect(g.colorBar!.left).toBeGreaterThan(g.image.left + g.image.width);
    expect(g.colorBar!.left + g.colorBar!.width).toBeLessThan(640);
  });

  it('draws colour images without a colour bar, and scalar ones without on request', () => {
    const svg = rasterSvg({ rgba: new Uint8Array(16), width: 2, height: 2 });
    expect(svg).not.toContain('em-color-bar');
    expect(rasterGeometry({ values, width: 3, height: 2 }, { colorBar: false }).colorBar).toBeUndefined();
    expect(rasterSvg({ values: [7], width: 1, height: 1 })).not.toMatch(/NaN|Infinity/);
  });

  it('rejects bad input and options with typed errors', () => {
    expect(() => rasterSvg({ values: [1, 2, 3], width: 2, height: 2 })).toThrow(InvalidInputError);
    expect(() => rasterSvg({ values: [1, Number.NaN, 3, 4], width: 2, height: 2 })).toThrow(
      InvalidInputError,
    );
    expect(() => rasterSvg({ rgba: [1, 2, 3], width: 1, height: 1 })).toThrow(InvalidInputError);
    expect(() => rasterSvg({ values: [1], width: 0, height: 1 })).toThrow(InvalidInputError);
    expect(() => rasterSvg({ values: [1, 2], width: 2, height: 1 }, { colorMap: 'jet' as 'gray' })).toThrow(
      InvalidOptionError,
    );
    expect(() => rasterSvg({ values: [1, 2], width: 2, height: 1 }, { domain: [2, 1] })).toThrow(
      InvalidOptionError,
    );
  });
});

import { type EMError, InvalidInputError, InvalidOptionError, NotFittedError } from '@em/core';
import { describe, expect, it } from 'vitest';
import { ItemResponseModel } from '../src/index.js';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as EMError;
  }
  throw new Error('did not throw');
};

describe('bad responses get typed errors naming the person (row) and item (column)', () => {
  it.each([
    [
      'a 2 in dichotomous data',
      [
        [0, 1],
        [1, 2],
      ],
      1,
      1,
    ],
    [
      'a negative category',
      [
        [0, -1],
        [1, 0],
      ],
      0,
      1,
    ],
    [
      'a fraction',
      [
        [0, 1],
        [0.5, 1],
      ],
      1,
      0,
    ],
    [
      'Infinity',
      [
        [0, 1],
        [1, Number.POSITIVE_INFINITY],
      ],
      1,
      1,
    ],
  ])('%s', (_, data, row, column) => {
    const error = thrown(() => new ItemResponseModel().fit(data as number[][])) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.row).toBe(row);
    expect(error.column).toBe(column);
  });
  it("NaN and null are missing by default, an error with missing: 'error'", () => {
    const data = [
      [0, 1, 1],
      [1, Number.NaN, 0],
      [1, 1, null],
      [0, 0, 1],
    ];
    const model = new ItemResponseModel({ standardErrors: false }).fit(data);
    const warning = model.warnings.find((w) => w.code === 'missing-responses')!;
    expect(warning).toMatchObject({ person: 1, item: 1 });
    expect(warning.message).toMatch(/2 responses are missing/);
    const error = thrown(() => new ItemResponseModel({ missing: 'error' }).fit(data)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect([error.row, error.column]).toEqual([1, 1]);
  });
  it('a polytomous category nobody used, and a response above nCategories', () => {
    const gap = thrown(() => new ItemResponseModel({ itemType: 'graded' }).fit([[0], [2], [2], [0]]));
    expect(gap).toBeInstanceOf(InvalidInputError);
    expect((gap as InvalidInputError).column).toBe(0);
    expect(gap.message).toMatch(/category 1/);
    const above = thrown(() => new ItemResponseModel({ itemType: 'gpcm', nCategories: 3 }).fit([[0], [3]]));
    expect((above as InvalidInputError).row).toBe(1);
    // Without nCategories a huge code is an error (found by the adversarial suite), not an allocation.
    const huge = thrown(() => new ItemResponseModel({ itemType: 'graded' }).fit([[2061635814139219]]));
    expect(huge.message).toContain('expected an integer category from 0 to 99');
  });
  it('ragged rows, empty data, wrong weights', () => {
    expect(thrown(() => new ItemResponseModel().fit([[0, 1], [1]]))).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => new ItemResponseModel().fit([]))).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => new ItemResponseModel().fit([[0], [1]], { weights: [1] }))).toBeInstanceOf(
      InvalidOptionError,
    );
    const w = thrown(() =>
      new ItemResponseModel().fit([[0], [1]], { weights: [1, Number.NaN] }),
    ) as InvalidInputError;
    expect(w.row).toBe(1);
  });
});

describe('items everyone gets right or wrong: excluded with a warning, never infinite parameters', () => {
  const data = [
    [1, 0, 1, 0],
    [1, 1, 0, 0],
    [1, 0, 0, 0],
    [1, 1, 1, 0],
    [1, 0, 1, 0],
    [1, 1, 0, 0],
  ];
  it.each(['Rasch', '1PL', '2PL', '3PL'] as const)('%s', (itemType) => {
    const model = new ItemResponseModel({ itemType }).fit(data);
    const constant = model.warnings.filter((w) => w.code === 'constant-item');
    expect(constant.map((w) => w.item)).toEqual([0, 3]);
    expect(constant[0]!.message).toMatch(/Item 1 \(column 0\): every response is 1/);
    expect(constant[1]!.message).toMatch(/Item 4 \(column 3\): every response is 0/);
    const items = model.items;
    expect(items[0]!.excluded).toBe(true);
    // No estimates, so no numbers: null, in the model as in its JSON.
    expect(items[0]!).toMatchObject({ slope: null, intercepts: [null], guessing: null });
    expect(model.irtParameters()[3]).toMatchObject({
      discrimination: null,
      difficulties: [null],
      guessing: null,
    });
    expect(model.standardErrors()[0]).toMatchObject({ slope: null, intercepts: [null], guessing: null });
    expect(model.standardErrors('irt')[3]).toMatchObject({ discrimination: null, difficulties: [null] });
    // No parameters, no curve: asking for one is an error naming the item, not NaN probabilities.
    expect((thrown(() => model.probabilities([0], 0)) as InvalidInputError).argument).toBe('item');
    expect(model.itemInformation([0], 0)[0]).toBe(0);
    // Without an information matrix, an estimated item's SEs are null too (a fixed parameter's is 0).
    const noSE = new ItemResponseModel({ itemType, standardErrors: false }).fit(data).standardErrors()[1]!;
    expect(noSE.intercepts).toEqual([null]);
    expect(noSE.guessing).toBe(itemType === '3PL' ? null : 0);
    for (const item of items)
      for (const v of [item.slope, ...item.intercepts]) expect(v).not.toBe(Number.POSITIVE_INFINITY);
    expect(items[1]!.excluded).toBe(false);
    expect(Number.isFinite(model.logLikelihood)).toBe(true);
    // Scoring ignores the excluded items: answering them differently changes nothing.
    const s = model.scores([
      [1, 1, 0, 0],
      [0, 1, 0, 1],
    ]).theta;
    expect(s[0]).toBe(s[1]);
  });
  it('every item constant: nothing to estimate, still a typed result', () => {
    const model = new ItemResponseModel().fit([
      [1, 0],
      [1, 0],
    ]);
    expect(model.nParameters()).toBe(0);
    expect(model.warnings.filter((w) => w.code === 'constant-item')).toHaveLength(2);
  });
});

describe('options and state', () => {
  it.each([
    [{ itemType: '4PL' }, 'itemType'],
    [{ quadraturePoints: 1 }, 'quadraturePoints'],
    [{ quadrature: 'simpson' }, 'quadrature'],
    [{ fixedSlope: 0 }, 'fixedSlope'],
    [{ guessingPrior: { alpha: 0.5, beta: 17 } }, 'guessingPrior'],
    [{ nCategories: 1 }, 'nCategories'],
    [{ missing: 'skip' }, 'missing'],
    [{ maxIter: 0 }, 'maxIter'],
    [{ tol: -1 }, 'tol'],
    [{ acceleration: 'fast' }, 'acceleration'],
  ])('%j → InvalidOptionError(%s)', (options, option) => {
    const error = thrown(() => new ItemResponseModel(options as never)) as InvalidOptionError;
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error.option).toBe(option);
  });
  it('methods before fit throw NotFittedError', () => {
    const model = new ItemResponseModel();
    expect(thrown(() => model.items)).toBeInstanceOf(NotFittedError);
    expect(thrown(() => model.scores([[1]]))).toBeInstanceOf(NotFittedError);
    expect(thrown(() => model.toJSON())).toBeInstanceOf(NotFittedError);
  });
  it('scoring with the wrong number of items, bad θ or item index', () => {
    const model = ItemResponseModel.fromItems('2PL', [
      { slope: 1, intercepts: [0] },
      { slope: 1, intercepts: [1] },
    ]);
    expect(thrown(() => model.scores([[1, 0, 1]]))).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => model.scores([[1, 3]]))).toBeInstanceOf(InvalidInputError);
    expect(thrown(() => model.scores([[1, 0]], { method: 'ML' as never }))).toBeInstanceOf(
      InvalidOptionError,
    );
    expect((thrown(() => model.testInformation([0, Number.NaN])) as InvalidInputError).row).toBe(1);
    expect(thrown(() => model.itemInformation(0, 2))).toBeInstanceOf(InvalidInputError);
    expect(
      thrown(() =>
        ItemResponseModel.fromItems('1PL', [
          { slope: 1, intercepts: [0] },
          { slope: 2, intercepts: [0] },
        ]),
      ),
    ).toBeInstanceOf(InvalidInputError);
  });
});

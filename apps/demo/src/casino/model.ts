// The occasionally dishonest casino (Durbin, Eddy, Krogh & Mitchison 1998): roll, then learn the
// casino back from the rolls alone and decode which die was used. Kept free of the DOM so it is
// tested in Node.
import { HiddenMarkovModel } from '@em/hmm';

export const FAIR = [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6];

export interface CasinoSettings {
  rolls: number;
  /** P(six) on the loaded die; the other faces share the rest equally. */
  loadedSix: number;
  /** P(fair → loaded) and P(loaded → fair) per roll. */
  toLoaded: number;
  toFair: number;
  seed: number;
}

export interface CasinoRun {
  rolls: number[];
  /** The die actually used: 0 fair, 1 loaded. */
  dice: Int32Array;
  truth: HiddenMarkovModel;
  fitted: HiddenMarkovModel;
  /** Which fitted state is the loaded die. */
  loaded: number;
  /** Decoded die per roll (0 fair, 1 loaded), Viterbi with the fitted model. */
  decoded: Int32Array;
  /** P(fair), P(loaded) per roll under the fitted model. */
  posteriors: number[][];
  accuracy: number;
  trueAccuracy: number;
}

export function casinoModel(s: Pick<CasinoSettings, 'loadedSix' | 'toLoaded' | 'toFair'>): HiddenMarkovModel {
  const other = (1 - s.loadedSix) / 5;
  return new HiddenMarkovModel({
    nStates: 2,
    emission: 'categorical',
    startProb: [0.5, 0.5],
    transMat: [
      [1 - s.toLoaded, s.toLoaded],
      [s.toFair, 1 - s.toFair],
    ],
    emissionProb: [FAIR, [other, other, other, other, other, s.loadedSix]],
  });
}

export function runCasino(s: CasinoSettings): CasinoRun {
  const truth = casinoModel(s);
  const { X, states } = truth.sample(s.rolls, { randomState: s.seed });
  const rolls = X.map((row) => row[0]!);
  const fitted = new HiddenMarkovModel({
    nStates: 2,
    emission: 'categorical',
    nFeatures: 6,
    nInit: 3,
    randomState: s.seed,
    maxIter: 1000,
    tol: 1e-6,
  }).fit([rolls]);
  const loaded = fitted.emissionProb[0]![5]! > fitted.emissionProb[1]![5]! ? 0 : 1;
  const toDie = (state: number) => (state === loaded ? 1 : 0);
  const decoded = Int32Array.from(fitted.predict(rolls), toDie);
  const posteriors = fitted.predictProba(rolls).map((row) => [row[1 - loaded]!, row[loaded]!]);
  const share = (path: ArrayLike<number>) => {
    let hits = 0;
    for (let t = 0; t < rolls.length; t++) if (path[t] === states[t]) hits++;
    return hits / rolls.length;
  };
  return {
    rolls,
    dice: states,
    truth,
    fitted,
    loaded,
    decoded,
    posteriors,
    accuracy: share(decoded),
    trueAccuracy: share(truth.predict(rolls)),
  };
}

import '../styles.css';
import { stateSequenceSvg } from '@em/plot';
import {
  byId,
  chartSize,
  errorMessage,
  fmt,
  numberField,
  redrawOnResize,
  showError,
  showSvg,
} from '../ui.js';
import { type CasinoRun, runCasino } from './model.js';

const form = byId<HTMLFormElement>('controls');

function table(run: CasinoRun): string {
  const { fitted, truth, loaded } = run;
  const fair = 1 - loaded;
  const row = (label: string, t: number, f: number) =>
    `<tr><td>${label}</td><td>${fmt(t, 3)}</td><td>${fmt(f, 3)}</td></tr>`;
  return [
    row('P(six | loaded die)', truth.emissionProb[1]![5]!, fitted.emissionProb[loaded]![5]!),
    row('P(one | loaded die)', truth.emissionProb[1]![0]!, fitted.emissionProb[loaded]![0]!),
    row('P(six | fair die)', truth.emissionProb[0]![5]!, fitted.emissionProb[fair]![5]!),
    row('P(fair → loaded)', truth.transMat[0]![1]!, fitted.transMat[fair]![loaded]!),
    row('P(loaded → fair)', truth.transMat[1]![0]!, fitted.transMat[loaded]![fair]!),
  ].join('');
}

/** The run on screen, drawn again when the page's width changes. */
let onScreen: CasinoRun | undefined;

function show(run: CasinoRun): void {
  onScreen = run;
  byId('params').innerHTML = table(run);
  byId('accuracy').textContent =
    `Viterbi with the fitted model names the die behind ${fmt(100 * run.accuracy, 3)}% of the rolls ` +
    `(with the true model: ${fmt(100 * run.trueAccuracy, 3)}%). Fitted in ${run.fitted.nIter} Baum–Welch iterations.`;
  const shown = Math.min(run.rolls.length, 400);
  showSvg(
    byId('sequence'),
    stateSequenceSvg(
      {
        observations: run.rolls.slice(0, shown).map((s) => s + 1),
        states: run.decoded.slice(0, shown),
        posteriors: run.posteriors.slice(0, shown),
      },
      {
        title: `The first ${shown} rolls, coloured by the decoded die`,
        stateLabels: ['fair', 'loaded'],
        xLabel: 'roll',
        yLabel: 'face',
        ...chartSize(byId('sequence'), { width: 640, height: 340 }, 300),
      },
    ),
  );
  const truthStrip = Array.from(run.dice.slice(0, shown));
  showSvg(
    byId('truth'),
    stateSequenceSvg(
      { observations: run.rolls.slice(0, shown).map((s) => s + 1), states: truthStrip },
      {
        title: 'The same rolls, coloured by the die really used',
        stateLabels: ['fair', 'loaded'],
        xLabel: 'roll',
        yLabel: 'face',
        ...chartSize(byId('truth'), { width: 640, height: 240 }, 220),
      },
    ),
  );
}

function go(): void {
  showError(undefined);
  try {
    show(
      runCasino({
        rolls: numberField(form, 'rolls', 2000),
        loadedSix: numberField(form, 'six', 0.5),
        toLoaded: numberField(form, 'toLoaded', 0.05),
        toFair: numberField(form, 'toFair', 0.1),
        seed: numberField(form, 'seed', 1),
      }),
    );
  } catch (error) {
    showError(errorMessage(error));
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  go();
});
byId('reroll').addEventListener('click', () => {
  const seed = form.elements.namedItem('seed') as HTMLInputElement;
  seed.value = String(Number(seed.value) + 1);
  go();
});
go();
redrawOnResize(() => {
  if (onScreen) show(onScreen);
});

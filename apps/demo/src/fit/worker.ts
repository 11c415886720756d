/// <reference lib="webworker" />
import { NumericalError, yieldToEventLoop } from '@em/core';
import { selectModel } from '@em/gaussian';
import { exampleCsv } from '../data/example.js';
import { generateClusters } from '../playground/clusters.js';
import type { Reply, Request, SelectionTable } from './protocol.js';
import { SteppedFit } from './stepper.js';

// Fits run here so the page stays responsive. The loop yields to the event loop between iterations,
// which is when a 'stop' message gets through.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let fit: SteppedFit | undefined;
let stopRequested = false;

const reply = (message: Reply) => scope.postMessage(message);

scope.onmessage = async (event: MessageEvent<Request>) => {
  const request = event.data;
  try {
    switch (request.type) {
      case 'begin':
        stopRequested = false;
        return;
      case 'stop':
        stopRequested = true;
        return;
      case 'start':
        fit = new SteppedFit(request.X, request.settings, request.from);
        reply(paused(fit, false, false));
        return;
      case 'run':
        await run(request.steps, request.pauseMs, request.points);
        return;
      case 'select':
        reply({ type: 'selected', table: await select(request) });
        return;
      case 'clusters':
        reply({
          type: 'clusters',
          points: generateClusters(request.clusters, request.perCluster, request.seed),
        });
        return;
      case 'example':
        reply({ type: 'example', text: exampleCsv() });
        return;
    }
  } catch (error) {
    reply({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};

async function run(steps: number, pauseMs: number, points: boolean): Promise<void> {
  if (!fit) throw new Error('Nothing to run: start a fit first.');
  for (let i = 0; i < steps && !fit.done && !stopRequested; i++) {
    if (i > 0) {
      reply({ type: 'progress', snapshot: fit.snapshot() });
      await (pauseMs > 0 ? new Promise((resolve) => setTimeout(resolve, pauseMs)) : yieldToEventLoop());
      if (stopRequested) break;
    }
    fit.step();
  }
  reply(paused(fit, stopRequested, points));
}

function paused(current: SteppedFit, stopped: boolean, points: boolean): Reply {
  return {
    type: 'paused',
    snapshot: current.snapshot(),
    history: current.history.slice(),
    converged: current.converged,
    stopped,
    modelJson: current.toJSON(),
    ...(points ? { points: current.points() } : {}),
  };
}

async function select(request: Extract<Request, { type: 'select' }>): Promise<SelectionTable> {
  const { X, nComponents, covarianceTypes, randomState } = request;
  const values = covarianceTypes.map(() => nComponents.map(() => Number.NaN));
  const total = nComponents.length * covarianceTypes.length;
  let done = 0;
  let best = {
    covarianceType: covarianceTypes[0]!,
    nComponents: nComponents[0]!,
    value: Number.POSITIVE_INFINITY,
  };
  // mclust's BIC table, one cell at a time so progress shows and Stop is honoured between fits.
  for (const [t, covarianceType] of covarianceTypes.entries()) {
    const row = values[t]!;
    for (const [k, n] of nComponents.entries()) {
      if (stopRequested) throw new Error('Stopped before every model was fitted.');
      try {
        const cell = selectModel(X, { nComponents: [n], covarianceTypes: [covarianceType], randomState });
        row[k] = cell.values[covarianceType]?.[0] ?? Number.NaN;
      } catch (error) {
        // A model that cannot be fitted (a singular covariance) has no BIC: a gap in the chart.
        if (!(error instanceof NumericalError)) throw error;
      }
      const value = row[k]!;
      if (value < best.value) best = { covarianceType, nComponents: n, value };
      reply({ type: 'selectProgress', done: ++done, total });
      await yieldToEventLoop();
    }
  }
  return { criterion: 'bic', nComponents, covarianceTypes, values, best };
}

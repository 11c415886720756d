/// <reference lib="webworker" />
import { yieldToEventLoop } from '@em/core';
import { ModelSelectionError, selectModelAsync } from '@em/gaussian';
import { exampleCsv } from '../data/example.js';
import { generateClusters } from '../playground/clusters.js';
import type { Reply, Request, SelectionTable } from './protocol.js';
import { SteppedFit } from './stepper.js';

// Fits run here so the page stays responsive. The loops yield to the event loop between iterations
// (or models), which is when a 'stop' message gets through.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let fit: SteppedFit | undefined;
let stopRequested = false;
/** Aborted by Stop; selectModelAsync checks it between models. */
let selection: AbortController | undefined;

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
        selection?.abort();
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
  const controller = new AbortController();
  // A Stop sent before this request arrived still counts.
  if (stopRequested) controller.abort();
  selection = controller;
  try {
    const { table, best, stopped } = await selectModelAsync(X, {
      nComponents,
      covarianceTypes,
      randomState,
      ...(request.missing === 'em' ? { missing: 'em' as const } : {}),
      signal: controller.signal,
      onModelStart: (start) => reply({ type: 'selectProgress', progress: start }),
      // Everything but the fitted model, which cannot cross to the page (and is not needed there).
      onModel: ({ index, total, covarianceType, nComponents, score }) =>
        reply({ type: 'selectProgress', progress: { index, total, covarianceType, nComponents, score } }),
    });
    const { covarianceType, nComponents: k, value } = best;
    return { nComponents, covarianceTypes, table, best: { covarianceType, nComponents: k, value }, stopped };
  } catch (error) {
    // No cell can be best (all failed or collapsed, or stopped before any finished): the table still shows why.
    if (!(error instanceof ModelSelectionError)) throw error;
    const stopped = error.reason === 'aborted';
    return {
      nComponents,
      covarianceTypes,
      table: error.table,
      best: undefined,
      stopped,
      failure: error.message,
    };
  } finally {
    selection = undefined;
  }
}

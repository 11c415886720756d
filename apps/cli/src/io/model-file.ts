import { readFile } from 'node:fs/promises';
import { EMError } from '@em/core';
import { GaussianMixture, type GaussianMixtureJSON } from '@em/gaussian';
import { describeFsError, UsageError } from '../errors.js';

/** Reads a model saved by `em fit --json`, with one clear message for each way it can be wrong. */
export async function readModelFile(
  path: string,
): Promise<{ model: GaussianMixture; json: GaussianMixtureJSON }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read model ${path}: ${describeFsError(error)}`);
  }
  if (text.trim() === '') throw new UsageError(`model ${path} is empty`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`model ${path} is not valid JSON: ${(error as Error).message}`);
  }
  let model: GaussianMixture;
  try {
    model = GaussianMixture.fromJSON(json as GaussianMixtureJSON);
  } catch (error) {
    if (!(error instanceof EMError)) throw error;
    throw new UsageError(`model ${path} is not a model saved by 'em fit --json': ${error.message}`);
  }
  if (!model.isFitted) throw new UsageError(`model ${path} holds a model that was never fitted`);
  return { model, json: json as GaussianMixtureJSON };
}

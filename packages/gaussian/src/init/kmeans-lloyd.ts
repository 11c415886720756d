import { squaredDistance } from './distance-bounds.js';
import type { AssignmentStep } from './kmeans.js';
import type { PlainAssign } from './kmeans-memory.js';

/**
 * Lloyd's assignment step without bounds, for data with few features: each row is measured
 * against every centre in WebAssembly (`assembly/kmeans-lloyd.ts`), the same distances and the
 * same argmin as the unpruned loop, so the same labels and sums. With two features a squared
 * distance is two subtractions, two products and an addition: cheaper than Hamerly's bounds, which
 * would be loaded, loosened, tested (a branch that mispredicts) and stored for every row.
 */
export function plainLloydStep(
  X: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  distances: Float64Array,
  plainAssign: PlainAssign,
): AssignmentStep {
  return {
    assign: plainAssign,
    // No bounds to loosen or to forget.
    centresMoved() {},
    forget() {},
    measureAssigned(centers) {
      for (let i = 0; i < n; i++) distances[i] = squaredDistance(X, i, centers, labels[i]!, d);
    },
  };
}

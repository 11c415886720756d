// A worker that exits when it is party 1 of a k-means run in lockstep, as a crashing or killed
// worker would: party 0 waits for it at the first step's barrier and must be woken, not hang.
import './exit-in-kmeans-listener.mjs';
import '../../dist/parallel-worker.js';

// A worker of which one of two (odd thread id) fails as it takes a fit's rows: see the listener.
import './load-fails-listener.mjs';
import '../../dist/parallel-worker.js';

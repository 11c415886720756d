// No recipe: the pools' default `new URL('./parallel-worker.js', import.meta.url)`, which Vite
// copies as an asset (or inlines, when small).
import { fitBoth } from '../browser/fit.js';

window.result = fitBoth(undefined, undefined);

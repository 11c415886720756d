/**
 * `@em/plot`: standalone SVG charts for mixture models, and the plain geometry behind each chart.
 *
 * @packageDocumentation
 */
export type { BinRule, Bins } from './bins.js';
export { binCounts, binEdges } from './bins.js';
export type { CaterpillarGeometry, CaterpillarInput, CaterpillarOptions } from './caterpillar.js';
export { caterpillarGeometry, caterpillarSvg } from './caterpillar.js';
export type { ConvergenceGeometry, ConvergenceInput } from './convergence.js';
export { convergenceGeometry, convergenceSvg } from './convergence.js';
export type { MixtureDensityGeometry, MixtureDensityOptions, Point } from './density.js';
export { componentDensities, mixtureDensityGeometry, mixtureDensitySvg } from './density.js';
export type { EllipseAxis, EllipseGeometry } from './ellipse.js';
export { covarianceEllipse } from './ellipse.js';
export { escapeXml } from './escape.js';
export type { FrequencyBar, FrequencyBarsGeometry, FrequencyBarsOptions } from './frequency-bars.js';
export { frequencyBarsGeometry, frequencyBarsSvg } from './frequency-bars.js';
export type { HistogramBin, HistogramGeometry, HistogramOptions } from './histogram.js';
export { histogramGeometry, histogramSvg } from './histogram.js';
export type { ItemCurvesGeometry, ItemCurvesInput } from './item-response.js';
export {
  informationGeometry,
  informationSvg,
  itemCharacteristicGeometry,
  itemCharacteristicSvg,
} from './item-response.js';
export type { CovarianceType, MixtureModel, NormalizedModel } from './model.js';
export { normalizeModel } from './model.js';
export type { ChartOptions, Margin } from './options.js';
export type { PointOptions } from './points.js';
export type { ColorMap, RasterGeometry, RasterInput, RasterOptions } from './raster.js';
export { colorMapRgb, rasterDataUrl, rasterGeometry, rasterSvg } from './raster.js';
export type { RegressionMixtureGeometry, RegressionMixtureInput } from './regression-mixture.js';
export { regressionMixtureGeometry, regressionMixtureSvg } from './regression-mixture.js';
export type {
  ComponentEllipse,
  ComponentMean,
  ScatterGeometry,
  ScatterOptions,
  ScatterPoint,
} from './scatter.js';
export { scatterGeometry, scatterSvg } from './scatter.js';
export type { ScatterMatrixGeometry, ScatterMatrixOptions, ScatterMatrixPanel } from './scatter-matrix.js';
export { scatterMatrixGeometry, scatterMatrixSvg } from './scatter-matrix.js';
export type {
  ExcludedRow,
  ModelSelectionGeometry,
  ModelSelectionOptions,
  SelectionRow,
} from './selection.js';
export { modelSelectionGeometry, modelSelectionSvg, ZOOM_FACTOR } from './selection.js';
export type {
  StateSequenceGeometry,
  StateSequenceInput,
  StateSequenceOptions,
} from './state-sequence.js';
export { stateSequenceGeometry, stateSequenceSvg } from './state-sequence.js';
export { subsampleIndices } from './subsample.js';
export type { Theme } from './theme.js';
export { okabeIto, themes } from './theme.js';
export type { Tick } from './ticks.js';
export type { MatrixInput } from './validate.js';

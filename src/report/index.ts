export { buildViewModel, COMBO_METRICS, type DashboardViewModel } from './view-model.js';
export { readDashboardInputs, type ReadDashboardInputsOptions } from './read-dashboard-inputs.js';
export { renderDashboard, type RenderDashboardOptions, type RenderedDashboard } from './render-dashboard.js';
export type { DashboardInputs, DashboardPairState, InputWarning, StatusRow } from './dashboard-inputs.js';
export type { WrittenAsset } from './_dashboard-assets.js';
export { GLOSSARY, type GlossaryEntry } from './glossary.js';
export { detailAssetPath, detailScript, safeJson } from './detail-asset.js';
export { loadFigureBuilders, type FigureBuilders, type PlotlyFigure } from './figures.js';

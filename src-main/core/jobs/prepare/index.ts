/**
 * The prepare job: a whole file → XDM parts, rejects.csv, warnings.csv and summary.json.
 * Why one surface: ipc, cli and the job registry call these, never the modules behind them.
 */
export { prepareSourceOf } from './prepare-source';
export { runPrepare, DEFAULT_PART_BYTES, type RunPrepareHooks } from './run-prepare';
export { startPrepareWorker, PREPARE_WORKER_FILES, type PrepareJobHooks } from './start-prepare-worker';
export type { PartFormat, PrepareOptions, PreparePart, PrepareProgress, PrepareStatus, PrepareSummary } from './prepare-types';
export { originalRejects } from './spreadsheet-cells';
export { readRejectsPage, type RejectsPage, type RejectsPageRequest } from './rejects-page';

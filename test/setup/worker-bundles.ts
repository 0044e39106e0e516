import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { PREBUILT_WORKERS_ENV } from '../../src-main/core/workers/worker-entry';
import { nodeBundleOptions } from '../../scripts/build-config.mjs';
import { bundleForRun } from './bundle-for-run';

/**
 * Vitest's global setup: every worker thread bundled with the build's own options
 * (scripts/build-config.mjs) into a folder of the checkout's `.cache/`, named to the workers by
 * PREBUILT_WORKERS_ENV, and built again only when an input changed (bundle-for-run.ts).
 *
 * Why: a worker started from source registers tsx in the new thread and compiles its whole module
 * graph there (about 1.2 s of CPU, against 0.3 s for its bundle), and the suite starts hundreds
 * of workers: that was the largest share of `npm run test:fast`'s CPU. The bundles are checked
 * against the sources under test at each run, and again before each rerun in watch mode, so an
 * edit to a worker's code is what the next run starts. The way a worker starts from source stays covered:
 * a worker the folder does not hold (a test's own) starts through tsx, and the tests of
 * `locateWorker` pass no folder.
 */

const root = path.resolve(import.meta.dirname, '..', '..');

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Every project extends the root configuration and so runs this setup; one build serves all.
  if (process.env[PREBUILT_WORKERS_ENV]) return undefined;
  // Inside the checkout, so the bundles' native externals (better-sqlite3) resolve from
  // node_modules, and the assets they look for by walking up (assets/xdm) are found; not under
  // node_modules, which checkouts may share.
  const outRoot = path.join(root, '.cache', 'test-bundles', 'workers');
  const workersDir = path.join(outRoot, 'workers');
  return bundleForRun(project, {
    env: PREBUILT_WORKERS_ENV,
    outDir: workersDir,
    outRoot,
    options: nodeBundleOptions(root, outRoot).filter((options) => options.outfile !== undefined && path.dirname(options.outfile) === workersDir),
  });
}

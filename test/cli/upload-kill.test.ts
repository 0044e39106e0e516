import { describe, expect, it } from 'vitest';
import type { FaultRuleInput } from '../../src-main/core/sandbox/index';
import { getBatch } from '../../src-main/core/platform/catalog';
import { datasetBatches, writePrepared } from '../core/jobs/upload/upload-harness';
import { journalOf as journalOfJob, spawnUpload, useUploadChildFixture } from './upload-child';

/**
 * kill -9 of `xdm-loader upload` at random moments, then the same command again (issue 6).
 * The CLI runs as the real bundle in a child process against a Local sandbox in this process
 * (so the sandbox, like AEP, survives the client's death); latency faults widen the windows the
 * trials aim at: inside a batch create, inside a chunk, inside COMPLETE, between COMPLETE and polling.
 * Every trial must end with one successful batch holding exactly the prepared records.
 */
const f = useUploadChildFixture();

/** Every part through the large-file path in several 4 KiB chunks, and fast polling. */
const UPLOAD_OPTIONS = ['--concurrency', '2', '--chunk-size', String(4 / 1024), '--single-put-max', String(8 / 1024), '--poll-interval', '50'];
const spawnOne = (dir: string) => spawnUpload(f, dir, UPLOAD_OPTIONS);
const journalOf = (dir: string) => journalOfJob(f.home, dir);

type Trigger = { kind: 'time'; ms: number } | { kind: 'journal'; event: string; occurrences: number; delayMs: number };

interface Trial {
  name: string;
  faults: FaultRuleInput[];
  kills: Trigger[];
}

const rand = (a: number, b: number) => a + Math.floor(Math.random() * (b - a));
const latency = (path: string, method: string, ms: number): FaultRuleInput => ({ path, method, action: 'latency', latencyMs: ms });
const IMPORT = '/data/foundation/import/batches';

const trials: Trial[] = [
  { name: 'random moment', faults: [latency(IMPORT, 'PATCH', 40)], kills: [{ kind: 'time', ms: rand(300, 1500) }] },
  {
    name: 'random moment, twice',
    faults: [latency(IMPORT, 'PATCH', 40)],
    kills: [
      { kind: 'time', ms: rand(300, 1200) },
      { kind: 'time', ms: rand(300, 1200) },
    ],
  },
  { name: 'random moment, late', faults: [latency(IMPORT, 'PATCH', 30)], kills: [{ kind: 'time', ms: rand(800, 2500) }] },
  {
    name: 'inside the batch create',
    faults: [latency(IMPORT, 'POST', 400)],
    kills: [{ kind: 'journal', event: 'batch-creating', occurrences: 1, delayMs: 100 }],
  },
  {
    name: 'after the create, before its answer is journaled',
    faults: [latency(IMPORT, 'POST', 250)],
    kills: [{ kind: 'journal', event: 'batch-creating', occurrences: 1, delayMs: 320 }],
  },
  {
    name: 'inside a chunk',
    faults: [latency(IMPORT, 'PATCH', 200)],
    kills: [{ kind: 'journal', event: 'chunk-done', occurrences: 1, delayMs: rand(20, 150) }],
  },
  {
    name: 'inside a chunk, later',
    faults: [latency(IMPORT, 'PATCH', 200)],
    kills: [{ kind: 'journal', event: 'chunk-done', occurrences: 3, delayMs: rand(20, 150) }],
  },
  {
    name: 'inside chunks, twice',
    faults: [latency(IMPORT, 'PATCH', 150)],
    kills: [
      { kind: 'journal', event: 'chunk-done', occurrences: 1, delayMs: rand(10, 100) },
      { kind: 'journal', event: 'chunk-done', occurrences: 4, delayMs: rand(10, 100) },
    ],
  },
  { name: 'inside COMPLETE', faults: [latency(IMPORT, 'POST', 300)], kills: [{ kind: 'journal', event: 'batch-completing', occurrences: 1, delayMs: 100 }] },
  {
    name: 'between COMPLETE and polling',
    faults: [latency('/data/foundation/catalog', 'GET', 400)],
    kills: [{ kind: 'journal', event: 'batch-completed', occurrences: 1, delayMs: rand(0, 200) }],
  },
  {
    name: 'while polling',
    faults: [latency('/data/foundation/catalog', 'GET', 300)],
    kills: [{ kind: 'journal', event: 'batch-completed', occurrences: 1, delayMs: rand(350, 600) }],
  },
  {
    name: 'in a chunk, then between COMPLETE and polling',
    faults: [latency(IMPORT, 'PATCH', 120), latency('/data/foundation/catalog', 'GET', 300)],
    kills: [
      { kind: 'journal', event: 'chunk-done', occurrences: 2, delayMs: rand(10, 80) },
      { kind: 'journal', event: 'batch-completed', occurrences: 1, delayMs: rand(0, 150) },
    ],
  },
];

async function waitFor(trigger: Trigger, dir: string, exited: () => boolean): Promise<void> {
  if (trigger.kind === 'time') {
    await new Promise((r) => setTimeout(r, trigger.ms));
    return;
  }
  const needle = `"t":"${trigger.event}"`;
  // Occurrences are counted across runs of the job: the journal keeps every run's lines.
  const before = (await journalOf(dir)).split(needle).length - 1;
  while (!exited()) {
    const seen = (await journalOf(dir)).split(needle).length - 1;
    if (seen - before >= Math.min(trigger.occurrences, 1) && seen >= trigger.occurrences) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, trigger.delayMs));
}

/** Kills that must land (the issue asks for at least 10 trials); trials are run again until they have. */
const REQUIRED_KILLS = 12;

/** One trial: kill at each trigger, then run to the end and check the batch. Returns the kills that landed. */
async function runTrial(trial: Trial, index: number): Promise<number> {
  let landed = 0;
  const prepared = await writePrepared(f.h.dir, `kill-${index}`, { parts: 2, rowsPerPart: 60, padding: 120, firstId: 100_000 * (index + 1) });
  f.h.sandbox.faults.configure({ rules: trial.faults });
  for (const trigger of trial.kills) {
    const run = spawnOne(prepared.dir);
    let exited = false;
    void run.exit.then(() => (exited = true));
    await waitFor(trigger, prepared.dir, () => exited);
    run.child.kill('SIGKILL');
    const outcome = await run.exit;
    if (outcome.signal === 'SIGKILL') landed += 1;
    else expect(outcome.code, `${trial.name}: ${outcome.stderr}`).toBe(0);
  }
  f.h.sandbox.faults.clear();
  const final = await spawnOne(prepared.dir).exit;
  expect(final.code, `${trial.name}: ${final.stderr}`).toBe(0);
  const result = JSON.parse(final.stdout) as { batchId: string; status: string; recordsWritten: number; recordsFailed: number };
  expect(result, trial.name).toMatchObject({ status: 'success', recordsWritten: prepared.rows, recordsFailed: 0 });
  const batch = await getBatch(f.h.client, result.batchId);
  expect(batch.metrics?.outputRecordCount, trial.name).toBe(prepared.rows);
  // No second batch of this upload succeeded (the journal's externalIds share the job's prefix).
  const journal = await journalOf(prepared.dir);
  const externalIds = [...journal.matchAll(/"externalId":"([^"]+)"/g)].map((m) => m[1]);
  const ofJob = (await datasetBatches(f.h.client, f.h.datasetId)).filter((b) => externalIds.includes(b.externalId));
  expect(
    ofJob.filter((b) => b.status === 'success').map((b) => b.id),
    trial.name,
  ).toEqual([result.batchId]);
  return landed;
}

describe('xdm-loader upload survives kill -9 at any moment', () => {
  it(`resumes after ${trials.length} trials of kills and ends each with exactly the prepared records, once`, async () => {
    let killsLanded = 0;
    for (const [index, trial] of trials.entries()) killsLanded += await runTrial(trial, index);
    // A kill timed after the upload ended kills nothing (more likely on a busy machine): run the
    // trials again, with new data, until enough kills have landed, so the test never passes idle.
    for (let extra = 0; killsLanded < REQUIRED_KILLS && extra < trials.length; extra++)
      killsLanded += await runTrial(trials[extra] as Trial, trials.length + extra);
    expect(killsLanded).toBeGreaterThanOrEqual(REQUIRED_KILLS);
  }, 300_000);
});

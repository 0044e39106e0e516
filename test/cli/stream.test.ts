import { mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInterrupts, type Interrupts } from '../../src-main/cli/context';
import { listBatches } from '../../src-main/core/platform/catalog';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { createDataset } from '../core/jobs/preflight/sandbox-fixture';
import { runInProcess } from './cli-harness';
import { customer, openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';

/** `xdm-loader stream` against the Local sandbox: per-record results, exit codes, the size cap, Ctrl-C. */
let f: SandboxFixture;
let file: string;
const sigintListenersBefore = process.listeners('SIGINT').length;
beforeAll(async () => {
  f = await openSandbox();
  const dir = await mkdtemp(path.join(f.dir, 'stream-'));
  file = path.join(dir, 'records.jsonl');
  const bad = { personalEmail: { address: 'bad@example.com' }, loyaltyTier: 'gold' };
  await writeFile(file, [customer(1), bad, customer(2)].map((r) => JSON.stringify(r)).join('\n') + '\n');
});
afterAll(async () => {
  await f.close();
});

describe('xdm-loader stream', () => {
  it('reports each record and exits 1 when one is rejected', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['stream', file, '--dataset', f.customers.id]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/#1 accepted/);
    expect(result.stdout).toMatch(/#2 rejected \(400\): Invalid XDM Message Format/);
    expect(result.stdout).toMatch(/extraneous key \[loyaltyTier\] is not permitted \[additionalProperties\]/);
    expect(result.stdout).toMatch(/#3 accepted/);
    expect(result.stdout).toContain('2 accepted, 1 rejected of 3 records (3 requests).');
    expect(result.stderr).toMatch(/1 of 3 records were rejected/);

    // Journaled: `xdm-loader uploads` (the Jobs screen's history) lists the run with its answers.
    const listed = await runCliAgainst(f.sandbox, f.dir, ['uploads', '--json']);
    expect(listed.code).toBe(0);
    const runs = (JSON.parse(listed.stdout) as Array<Record<string, unknown>>).filter((u) => u.mode === 'stream' && u.label === 'records.jsonl');
    // 2 of 3 records taken: the run was sent, with one rejected; it did not fail.
    expect(runs[0]).toMatchObject({
      state: 'succeeded',
      format: 'json',
      datasetId: f.customers.id,
      recordsExpected: 3,
      stream: { accepted: 2, rejected: 1, unanswered: 0 },
    });
    const words = await runCliAgainst(f.sandbox, f.dir, ['uploads']);
    expect(words.stdout).toMatch(/stream\s+Sent, 1 rejected\s+2 accepted, 1 rejected/);
    expect(words.stdout).toContain('Batch or stream');
  });

  it('prints JSON and exits 0 when all are accepted', async () => {
    const good = path.join(path.dirname(file), 'good.json');
    await writeFile(good, JSON.stringify([customer(3), customer(4)]));
    const result = await runCliAgainst(f.sandbox, f.dir, ['stream', good, '--dataset', f.customers.id, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 2, accepted: 2, rejected: 0, validation: 'sync' });
  });

  it('refuses more records than --max', async () => {
    const result = await runCliAgainst(f.sandbox, f.dir, ['stream', file, '--dataset', f.customers.id, '--max', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/More than 2 records: streaming is for small sets/);
    // The first test streamed these records into this dataset: said before anything else.
    expect(result.stdout).toMatch(/^Warning: These records were already streamed on .* \(2 records taken\) into this dataset\. Sending them again/);
  });
});

describe('xdm-loader stream, interrupted', () => {
  it('stops at Ctrl-C before its next request and says how many records were sent, exactly as many as the dataset holds', async () => {
    const datasetId = await createDataset(f.client, { name: 'CLI stream interrupt', schemaId: f.customers.schemaId });
    const many = path.join(path.dirname(file), 'many.jsonl');
    await writeFile(many, Array.from({ length: 30 }, (_, i) => JSON.stringify(customer(900 + i))).join('\n') + '\n');
    f.sandbox.faults.add({ action: 'latency', path: '/collection/', latencyMs: 100 });
    let interrupts: Interrupts | undefined;
    let stdout = '';
    try {
      const result = await runInProcess(['stream', many, '--dataset', datasetId], 200, {
        dataDir: () => f.dir,
        localSandbox: () => f.sandbox,
        // The real watcher, fired as the OS would once the third record is printed.
        interrupts: () => (interrupts = processInterrupts()),
        out: {
          write: (text: string) => {
            stdout += text;
            if (/#3 accepted/.test(text)) (process.listeners('SIGINT').at(-1) as () => void)();
          },
        },
      });
      expect(result.code).toBe(1);
      const named = /Interrupted \(SIGINT\)\. Streaming was cancelled after (\d+) of 30 records had been sent/.exec(result.stderr);
      expect(named, result.stderr).not.toBeNull();
      const sent = Number(named?.[1]);
      expect(sent).toBeGreaterThanOrEqual(3);
      expect(sent).toBeLessThan(30);
      expect(stdout.match(/#\d+ accepted/g)).toHaveLength(sent);
      const held = (await listBatches(f.client, { datasetId, limit: 10 })).reduce((n, b) => n + Number(b.metrics?.outputRecordCount ?? 0), 0);
      expect(held).toBe(sent);
    } finally {
      f.sandbox.faults.clear();
    }
    // The watcher is gone once the command ends: a second Ctrl-C ends the process as usual.
    expect(interrupts?.signal.aborted).toBe(true);
    expect(process.listeners('SIGINT').length).toBe(sigintListenersBefore);
  });
});

import { dropFile } from './drop';
import { checkUsable } from './usable';
import { expect, test } from './browser-mode';

/**
 * An upload's unexpected failure on its card, in a real browser: the words first, the raw message
 * and the job id behind "Details", opened with the keyboard.
 * Why the failure is put on the wire by the test: nothing a steward can do makes the app fail
 * unexpectedly (that is what "unexpected" means), so the WebSocket is routed and main's answer to
 * `jobs.upload` is the job's failed event, exactly as the registry words one (job-failure.ts).
 */

const UNEXPECTED = 'The upload stopped because of an unexpected problem in the app. Its journal is kept: resume it from the Jobs screen.';
const RAW = "TypeError: Cannot read properties of undefined (reading 'batchIds') at planBatches (upload-job.ts:212)";

test('an unexpected upload failure shows words, and its Details (raw message and job id) open with the keyboard', async ({ app }) => {
  test.setTimeout(120_000);
  let jobId: string | null = null;
  await app.routeWebSocket(/\/ws/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { id: number | string; type: string; name?: string; input?: { jobId?: string } };
      if (frame.type !== 'request' || frame.name !== 'jobs.upload' || !frame.input?.jobId) {
        server.send(message);
        return;
      }
      jobId = frame.input.jobId;
      ws.send(JSON.stringify({ id: frame.id, type: 'reply', envelope: { ok: true, value: { jobId } } }));
      ws.send(
        JSON.stringify({
          type: 'event',
          event: { type: 'job', kind: 'upload', jobId, phase: 'failed', error: { code: 'INTERNAL', message: UNEXPECTED }, detail: RAW },
        }),
      );
    });
  });
  // The page's socket opened before the route: a reload opens it again, through the route.
  await app.reload();

  const record = { personalEmail: { address: 'details@example.com' }, person: { name: { firstName: 'Details' } } };
  await dropFile(app, 'unexpected.jsonl', Buffer.from(`${JSON.stringify(record)}\n`));
  await app.getByRole('button', { name: 'Upload as is' }).click();
  await app.getByRole('button', { name: /Dataset$/ }).click();
  await app.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await app.getByRole('button', { name: 'Run preflight' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  await app.getByRole('button', { name: 'Upload', exact: true }).click();

  const card = app.getByRole('article', { name: 'Upload of unexpected.jsonl' });
  const alert = card.getByRole('alert');
  await expect(alert).toContainText(UNEXPECTED);
  expect(jobId).toMatch(/^j_/);
  // The raw message and the id are not shown at once.
  const raw = alert.getByText(RAW);
  const id = alert.getByText(`Job ${jobId}`);
  await expect(raw).toBeHidden();
  await expect(id).toBeHidden();

  const summary = alert.locator('summary', { hasText: 'Details' });
  await summary.focus();
  await expect(summary).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(raw).toBeVisible();
  await expect(id).toBeVisible();
  await expect(alert).toContainText(`Job ${jobId}: the app’s log holds this failure under that id.`);
  await checkUsable(app, 'upload-failure-details');
  // And closed again the same way.
  await app.keyboard.press('Space');
  await expect(raw).toBeHidden();
});

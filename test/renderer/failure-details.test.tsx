// @vitest-environment jsdom
/**
 * An upload that fails unexpectedly, from main's split of the failure to the card on the Jobs
 * screen: the steward reads words, and the raw message is one click away under "Details", never
 * in the words and never shown at once.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { jobFailure } from '../../src-main/ipc/jobs/job-failure';
import { uploadJob } from '../../src-main/ipc/jobs/job-kinds';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { AppError } from '../../src-shared/domain/errors';
import { UploadJobCard } from '../../src-renderer/features/jobs/upload-job-card';
import { createQueryClient } from '../../src-renderer/queries/query-client';
import { ServerStateProvider } from '../../src-renderer/queries/server-context';
import { createAppStore, type AppStore } from '../../src-renderer/state/app-store';
import { AppStoreProvider } from '../../src-renderer/state/store-context';
import type { UploadJobView } from '../../src-renderer/state/uploads-slice';

const JOB = 'j_upload00001';
/** A message written for whoever fixes the app, as a bug or a dead worker leaves it. */
const RAW = "TypeError: Cannot read properties of undefined (reading 'batchIds') at planBatches (upload-job.ts:212)";

const running: UploadJobView = {
  key: 'upload-1',
  jobId: JOB,
  label: 'customers.csv',
  datasetId: '5f1a00000000000000000001',
  connectionId: 'local',
  source: null,
  status: 'running',
  progress: null,
  note: null,
  result: null,
  error: null,
  errorDetail: null,
  actionError: null,
  finishedAt: null,
  confirmation: { status: 'idle', report: null, error: null },
};

const bridge = createFakeBridge();
const queryClient = createQueryClient();

/** The store after main reported the upload's unexpected failure, as the registry words it. */
function failedStore(error: unknown): AppStore {
  const store = createAppStore(bridge, { queryClient });
  store.setState((s) => ({ uploads: { ...s.uploads, jobs: [running] } }));
  store.getState().applyUploadEvent({ type: 'job', kind: 'upload', jobId: JOB, ...uploadJob.failed(jobFailure(error, uploadJob.unexpected), undefined) });
  return store;
}

let root: Root | null = null;
let host: HTMLElement;

function render(store: AppStore): HTMLElement {
  host = document.body.appendChild(document.createElement('div'));
  root = createRoot(host);
  const job = store.getState().uploads.jobs[0];
  if (!job) throw new Error('the store holds no upload');
  act(() =>
    root?.render(
      <ServerStateProvider bridge={bridge} client={queryClient}>
        <AppStoreProvider store={store}>
          <UploadJobCard job={job} />
        </AppStoreProvider>
      </ServerStateProvider>,
    ),
  );
  return host;
}

/** What is on screen before anything is opened: the text outside every closed `<details>`. */
function textShownAtOnce(el: HTMLElement): string {
  const copy = el.cloneNode(true) as HTMLElement;
  for (const closed of copy.querySelectorAll('details:not([open])')) closed.replaceChildren(...closed.querySelectorAll(':scope > summary'));
  return copy.textContent ?? '';
}

describe('the Details of an unexpected job failure', () => {
  beforeAll(() => {
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  });
  afterEach(() => {
    act(() => root?.unmount());
    root = null;
    host.remove();
  });

  it('shows the words, keeps the raw message behind Details, and opens it on a click', () => {
    const card = render(failedStore(new Error(RAW)));
    const alert = card.querySelector('[role="alert"]');
    expect(alert, card.innerHTML).not.toBeNull();
    const words = textShownAtOnce(alert as HTMLElement);
    expect(words).toContain(uploadJob.unexpected);
    expect(words).not.toContain('TypeError');
    expect(textShownAtOnce(card)).not.toContain(RAW);

    const details = alert?.querySelector('details');
    expect(details).not.toBeNull();
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toBe('Details');
    expect(details?.textContent).toContain(RAW);
    // The id main's log files the failure under, to name when reporting it.
    expect(details?.textContent).toContain(`Job ${JOB}`);

    act(() => details?.querySelector('summary')?.click());
    expect(details?.open).toBe(true);
    expect(textShownAtOnce(card)).toContain(RAW);
  });

  it('offers no Details for a failure written for people', () => {
    const card = render(failedStore(new AppError('UNREACHABLE', 'The sandbox did not answer.')));
    expect(card.querySelector('[role="alert"]')?.textContent).toContain('The sandbox did not answer.');
    expect(card.querySelector('details')).toBeNull();
  });
});

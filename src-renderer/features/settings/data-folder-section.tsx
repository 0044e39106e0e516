import { Button, ButtonGroup, Content, Flex, Form, Heading, InlineAlert, TextField } from '@adobe/react-spectrum';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { DataFolderView } from '../../../src-shared/ipc/requests/settings';
import type { DataFolderActions } from './use-settings';

/** What the next start does, in words: the folder it uses, and whether it copies or finds the data there. */
function PendingChange({ folder }: { folder: DataFolderView }) {
  if (folder.next === null) return null;
  return (
    <p className="settings-text" role="status" aria-label="Pending data folder">
      {folder.copyFrom !== null ? (
        <>
          After a restart, XDM Loader uses <code>{folder.next}</code>. When it next starts, it first copies the data (connections, settings, drafts, journals,
          jobs and the Local sandbox) from <code>{folder.copyFrom}</code> into it. The data is copied, not moved: this folder stays as it is, so nothing is
          lost, and until the restart XDM Loader goes on working here.
        </>
      ) : (
        <>
          After a restart, XDM Loader uses <code>{folder.next}</code> again, with the data it held when you left it: nothing is copied back, and this folder
          stays as it is.
        </>
      )}
    </p>
  );
}

/** Browser mode's way to name a folder: a path on the machine that runs XDM Loader, checked by main. */
function FolderPathForm({ busy, onChoose, onCancel }: { busy: boolean; onChoose: (folder: string) => void; onCancel: () => void }) {
  const [typed, setTyped] = useState('');
  return (
    <Form
      aria-label="New data folder"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed.trim() !== '') onChoose(typed.trim());
      }}
    >
      <TextField
        label="New data folder"
        width="size-6000"
        value={typed}
        onChange={setTyped}
        autoFocus
        description="The whole path of an empty or new folder on the machine that runs XDM Loader, outside the current one."
      />
      <ButtonGroup>
        <Button type="submit" variant="accent" isDisabled={busy || typed.trim() === ''}>
          Use this folder
        </Button>
        <Button variant="secondary" onPress={onCancel}>
          Cancel
        </Button>
      </ButtonGroup>
    </Form>
  );
}

/**
 * The Settings screen's data folder: where data lives now, "Change…" (the desktop's folder dialog,
 * or a typed path in browser mode), "Use the default", and what the next start will do.
 * Why only from the next start: main has the folder open (the jobs, the Local sandbox); the next
 * start copies the data before it opens anything. Why XDM_LOADER_HOME is said: it wins.
 */
export function DataFolderSection({ folder, mode, actions }: { folder: DataFolderView; mode: 'electron' | 'browser' | null; actions: DataFolderActions }) {
  const [typing, setTyping] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const run = async (change: () => Promise<AppErrorShape | null>) => {
    setBusy(true);
    setError(null);
    const failed = await change();
    setBusy(false);
    setError(failed);
    if (!failed) setTyping(false);
  };
  const fixedBy = folder.source === 'env' ? 'XDM_LOADER_HOME' : folder.source === 'option' ? '--data-dir' : null;
  const canReset = folder.current !== folder.defaultDir || folder.next !== null;
  return (
    <section className="settings-section" aria-labelledby="settings-data">
      <h2 className="settings-section__title" id="settings-data">
        Data folder
      </h2>
      <p className="settings-path">
        In use: <code>{folder.current}</code>
      </p>
      <p className="prepare-muted settings-text">
        Settings, connections (never their secrets), drafts, prepared files, upload journals and failed records live here
        {mode === 'browser' ? ', on the machine that runs XDM Loader' : ''}.
      </p>
      {fixedBy !== null ? (
        <p className="settings-text" role="note">
          {fixedBy === 'XDM_LOADER_HOME'
            ? 'XDM Loader was started with the environment variable XDM_LOADER_HOME set to this folder. It wins over a folder chosen here: to choose one, start XDM Loader without it.'
            : 'XDM Loader was started with --data-dir set to this folder. It wins over a folder chosen here: to choose one, start XDM Loader without it.'}
        </p>
      ) : (
        <>
          <p className="prepare-muted settings-text">
            Another folder takes effect after a restart. Its data is copied there at that start, not moved, so this folder stays as it was. A change waits while
            a job is running.
          </p>
          {folder.problem !== undefined ? (
            <InlineAlert variant="notice">
              <Heading>The chosen folder was not used at this start</Heading>
              <Content>{folder.problem}</Content>
            </InlineAlert>
          ) : null}
          <PendingChange folder={folder} />
          {typing ? (
            <FolderPathForm busy={busy} onChoose={(path) => void run(() => actions.choose(path))} onCancel={() => setTyping(false)} />
          ) : (
            <Flex gap="size-150">
              <Button
                variant="secondary"
                isDisabled={busy || mode === null}
                onPress={() => (mode === 'electron' ? void run(() => actions.pickAndChoose()) : setTyping(true))}
              >
                Change…
              </Button>
              {canReset ? (
                <Button variant="secondary" isDisabled={busy} onPress={() => void run(() => actions.useDefault())}>
                  Use the default
                </Button>
              ) : null}
            </Flex>
          )}
          {error ? (
            <p className="settings-text settings-error" role="alert">
              {error.message}
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}

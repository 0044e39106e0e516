import { ActionButton, Text } from '@adobe/react-spectrum';
import Download from '@spectrum-icons/workflow/Download';
import FolderOpen from '@spectrum-icons/workflow/FolderOpen';
import { useState } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { ResultFile } from '../../../src-shared/ipc/requests/results';
import { useBridge } from '../../queries/server-context';
import { ask, outcomeOf } from '../../queries/request';
import { appSelectors } from '../../state/app-slice';
import { useAppStore } from '../../state/store-context';
import './results.css';

/** Follows the host's one-time link as a download (the page stays where it is). */
function followDownload(url: string, fileName: string): void {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/**
 * `file` as a path inside `folder` (forward slashes), or null when it is not inside it.
 * Why here: main names failed records by absolute path, and `results.open` takes a job folder and
 * a path inside it; the renderer has no Node `path`, and main checks the result again anyway.
 */
export function pathInside(folder: string, file: string): string | null {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const base = `${norm(folder)}/`;
  const full = norm(file);
  return full.startsWith(base) && full.length > base.length ? full.slice(base.length) : null;
}

/**
 * A file a job wrote, within reach: "Show in folder" in the desktop app, "Download" in browser
 * mode (whose page may be on another machine than main's folder). `name` is what the steward
 * sees the file called: the accessible name always says it, the visible label when `nameShown`
 * (where no table column names the file beside it).
 */
export function ResultFileAction({ target, name, nameShown = false }: { target: ResultFile; name: string; nameShown?: boolean }) {
  const bridge = useBridge();
  const mode = useAppStore(appSelectors.mode);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  if (mode === null) return null;
  const desktop = mode === 'electron';
  // A folder is shown, never downloaded: browser mode offers its files one by one.
  if (!desktop && target.file === undefined) return null;

  async function open(): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await outcomeOf(() => ask(bridge, 'results.open', target));
    setBusy(false);
    if (!result.ok) setError(result.error);
    else if (result.value.action === 'download') followDownload(result.value.url, result.value.fileName);
  }

  return (
    <span className="result-file-action">
      <ActionButton
        isQuiet
        isDisabled={busy}
        onPress={() => void open()}
        aria-label={desktop ? `Show in folder${nameShown ? ' ' : ': '}${name}` : `Download ${name}`}
      >
        {desktop ? <FolderOpen size="S" aria-hidden /> : <Download size="S" aria-hidden />}
        <Text>
          {desktop ? 'Show in folder' : 'Download'}
          {nameShown ? ` ${name}` : ''}
        </Text>
      </ActionButton>
      {error ? (
        <span className="result-file-action__error" role="alert">
          {error.message}
        </span>
      ) : null}
    </span>
  );
}

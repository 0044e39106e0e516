import FileData from '@spectrum-icons/workflow/FileData';
import { useEffect } from 'react';
import { useDraftKeeper, useDraftKeeperState } from '../../state/draft-keeper-context';
import { formatWhen } from '../jobs/upload-format';
import { formatBytes } from './format';
import './drafts.css';

/**
 * The files last opened here that still exist, each reopened with one click.
 * Why on the empty state: after a reload or a restart that is where a steward lands, and the
 * file they were mapping is usually the one they want back (its draft comes with it).
 */
export function RecentFiles() {
  const keeper = useDraftKeeper();
  const recent = useDraftKeeperState((state) => state.recent);
  const error = useDraftKeeperState((state) => state.recentError);
  useEffect(() => {
    void keeper.refreshRecent();
  }, [keeper]);

  if (recent.length === 0 && !error) return null;
  return (
    <section className="recent-files" aria-labelledby="recent-files-heading">
      <h3 id="recent-files-heading" className="recent-files__heading">
        Recent files
      </h3>
      {error ? (
        <p role="alert" className="recent-files__error">
          {error.message}
        </p>
      ) : null}
      <ul aria-labelledby="recent-files-heading">
        {recent.map((file) => (
          <li key={file.id}>
            <button type="button" className="recent-files__item" aria-label={`Open ${file.name}`} onClick={() => void keeper.openRecent(file.id)}>
              <FileData size="S" aria-hidden />
              <span className="recent-files__name">{file.name}</span>
              <span className="recent-files__meta">
                {formatBytes(file.size)} · {formatWhen(file.openedAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

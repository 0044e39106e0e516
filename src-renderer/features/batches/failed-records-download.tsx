import Download from '@spectrum-icons/workflow/Download';
import { useMemo } from 'react';
import { useObjectUrl } from '../../components/use-object-url';

/**
 * A link that saves the failed records read back, as JSON Lines, exactly as Data Access gave them.
 * Why made in the page (as the mapping's download is): it works the same in Electron and in browser
 * mode, where main's folder is on the machine serving the app, not necessarily the user's.
 */
export function FailedRecordsDownload({ rows, fileName }: { rows: readonly unknown[]; fileName: string }) {
  const text = useMemo(() => `${rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n')}\n`, [rows]);
  const url = useObjectUrl(text, 'application/x-ndjson');
  if (url === null) return null;
  return (
    <a className="batch-download" href={url} download={fileName}>
      <Download size="S" aria-hidden />
      <span>Download {fileName}</span>
    </a>
  );
}

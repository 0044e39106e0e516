import Download from '@spectrum-icons/workflow/Download';
import { useEffect, useState } from 'react';

/**
 * A link that saves the failed records read back, as JSON Lines, exactly as Data Access gave them.
 * Why made in the page (as the mapping's download is): it works the same in Electron and in browser
 * mode, where main's folder is on the machine serving the app, not necessarily the user's.
 */
export function FailedRecordsDownload({ rows, fileName }: { rows: readonly unknown[]; fileName: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const text = rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');
    const made = URL.createObjectURL(new Blob([`${text}\n`], { type: 'application/x-ndjson' }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [rows]);
  if (url === null) return null;
  return (
    <a className="batch-download" href={url} download={fileName}>
      <Download size="S" aria-hidden />
      <span>Download {fileName}</span>
    </a>
  );
}

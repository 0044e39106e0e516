import { useEffect, useRef, useState } from 'react';
import UploadToCloud from '@spectrum-icons/workflow/UploadToCloud';

/** Whether a drag carries files (not text or a link dragged from another page). */
function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Makes the whole window a drop target and shows a full-window overlay while a file is dragged.
 * Why on `window` and with a counter: dragenter/dragleave fire for every element crossed, so
 * the overlay shows while the count of entered elements is above zero. Every dragover and drop
 * is taken over, so a file dropped anywhere is never opened by the browser as a page.
 */
export function WindowDropTarget({ onFile }: { onFile: (file: File) => void }) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const onFileRef = useRef(onFile);
  useEffect(() => {
    onFileRef.current = onFile;
  });

  useEffect(() => {
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const file = event.dataTransfer?.files[0];
      if (file) onFileRef.current(file);
    };
    const reset = () => {
      depth.current = 0;
      setDragging(false);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    window.addEventListener('dragend', reset);
    window.addEventListener('blur', reset);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
      window.removeEventListener('dragend', reset);
      window.removeEventListener('blur', reset);
    };
  }, []);

  if (!dragging) return null;
  return (
    <div className="drop-overlay" role="status" aria-label="Drop the file to preview it">
      <div className="drop-overlay__panel">
        <UploadToCloud size="XXL" aria-hidden />
        <p className="drop-overlay__title">Drop to preview</p>
        <p className="drop-overlay__hint">CSV, TSV, JSON, JSON Lines or Parquet · one file at a time</p>
      </div>
    </div>
  );
}

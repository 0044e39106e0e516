import { Button } from '@adobe/react-spectrum';
import InfoOutline from '@spectrum-icons/workflow/InfoOutline';
import { useState, type ReactNode } from 'react';
import './help.css';

/**
 * A hint shown until the steward dismisses it, then never again on this computer.
 * Why the renderer's storage: a dismissed hint is a preference of this window's user, nothing
 * main or a job needs; the desktop app keeps its storage across starts. Storage that cannot be
 * read or written (a locked-down profile) shows the hint and forgets the dismissal, never fails.
 */
const STORAGE_PREFIX = 'xdm-loader.hint-dismissed.';

function dismissed(id: string): boolean {
  try {
    return window.localStorage.getItem(STORAGE_PREFIX + id) === '1';
  } catch {
    return false;
  }
}

function remember(id: string): void {
  try {
    window.localStorage.setItem(STORAGE_PREFIX + id, '1');
  } catch {
    // Shown again next time: the steward loses nothing but a second dismissal.
  }
}

/**
 * A section, not an alert: a hint is read when the steward looks at it; an alert would be
 * announced over whatever a screen reader was saying when the step opened.
 */
export function FirstRunHint({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  const [shown, setShown] = useState(() => !dismissed(id));
  const headingId = `first-run-hint-${id}`;
  if (!shown) return null;
  return (
    <section className="first-run-hint" aria-labelledby={headingId}>
      <h3 className="first-run-hint__title" id={headingId}>
        <InfoOutline size="S" aria-hidden />
        {title}
      </h3>
      {children}
      <Button
        variant="secondary"
        onPress={() => {
          remember(id);
          setShown(false);
        }}
      >
        Got it
      </Button>
    </section>
  );
}

import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, TextField } from '@adobe/react-spectrum';
import { useState, type FormEvent } from 'react';
import type { RowList } from '../../../src-shared/ipc/requests/prepare';
import { jobsSelectors, REJECTS_PAGE } from '../../state/jobs-slice';
import { useAppStore } from '../../state/store-context';
import { formatCell, formatCount } from './format';

/** The words that differ between the two lists the browser pages through. */
const LIST_WORDS: Readonly<Record<RowList, { items: string; rows: string; found: string; notFound: string }>> = {
  rejects: {
    items: 'rejects',
    rows: 'Rejected rows',
    found: 'was rejected: it is the first row below',
    notFound: 'was not rejected; below are the rejects after it',
  },
  warnings: {
    items: 'rows with warnings',
    rows: 'Rows with warnings',
    found: 'was written with warnings: it is the first row below',
    notFound: 'had no warning; below are the rows with warnings after it',
  },
};

/** "rejects 101–200 of 1,234": where the page is among all the listed rows. */
function pageWords(list: RowList, offset: number, shown: number, total: number): string {
  if (total === 0) return 'no rows';
  if (shown >= total) return `${formatCount(total)} rows`;
  return `${LIST_WORDS[list].items} ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`;
}

/**
 * The rejected rows of the whole file, a page at a time, read back from rejects.csv by main;
 * "Go to row" finds a source row's reject (or says the row was written and shows the next ones).
 * The rows written with warnings (warnings.csv, the same layout) are browsed the same way.
 * Why shown in the window: it works the same in Electron and browser mode (where main's folder
 * is not the user's), and the row number, line and reasons are what a steward fixes the source by.
 */
export function RejectsBrowser() {
  const rejects = useAppStore(jobsSelectors.rejects);
  const close = useAppStore((s) => s.closeRejects);
  const load = useAppStore((s) => s.loadRejects);
  const [rowText, setRowText] = useState('');
  const row = /^\d+$/.test(rowText.trim()) ? Number(rowText.trim()) : Number.NaN;
  if (!rejects) return null;
  const words = LIST_WORDS[rejects.list];
  const reading = `Reading the ${words.rows.toLowerCase()}`;
  if (rejects.status === 'loading' && rejects.rows.length === 0) return <ProgressCircle aria-label={reading} isIndeterminate size="S" />;
  const { offset, total } = rejects;
  const goTo = (event: FormEvent): void => {
    event.preventDefault();
    if (Number.isInteger(row) && row > 0) void load({ row });
  };
  return (
    <section className="prepare-section" aria-labelledby="rejects-heading">
      <div className="mapping-section__head">
        <h3 className="prepare-section__title" id="rejects-heading">
          {rejects.fileName} <span className="prepare-muted">{pageWords(rejects.list, offset, rejects.rows.length, total)}</span>
        </h3>
        <Button variant="secondary" onPress={close}>
          Hide
        </Button>
      </div>
      <Flex gap="size-150" alignItems="end" wrap>
        <form className="rejects-goto" onSubmit={goTo} aria-label="Go to a row of the file">
          <TextField label="Row of the file" inputMode="numeric" width="size-1600" value={rowText} onChange={setRowText} />
          <Button type="submit" variant="secondary" isDisabled={!Number.isInteger(row) || row < 1}>
            Go to row
          </Button>
        </form>
        <Button
          variant="secondary"
          isDisabled={offset === 0 || rejects.status === 'loading'}
          onPress={() => void load({ offset: Math.max(0, offset - REJECTS_PAGE) })}
        >
          Previous page
        </Button>
        <Button
          variant="secondary"
          isDisabled={offset + rejects.rows.length >= total || rejects.status === 'loading'}
          onPress={() => void load({ offset: offset + REJECTS_PAGE })}
        >
          Next page
        </Button>
        {rejects.status === 'loading' ? <ProgressCircle aria-label={reading} isIndeterminate size="S" /> : null}
      </Flex>
      {rejects.wentTo ? (
        <p className="prepare-muted" role="status">
          {`Row ${formatCount(rejects.wentTo.row)} ${rejects.wentTo.found ? words.found : words.notFound}.`}
        </p>
      ) : null}
      {rejects.status === 'error' ? (
        <InlineAlert variant="negative">
          <Heading>{rejects.error?.code}</Heading>
          <Content>{rejects.error?.message}</Content>
        </InlineAlert>
      ) : null}
      {/* Focusable, so a keyboard can scroll the wide table sideways. */}
      <div className="rejects-frame" tabIndex={0} role="group" aria-label={`${words.rows}, scrollable`}>
        <table className="rejects-table" aria-label={words.rows}>
          <thead>
            <tr>
              {rejects.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rejects.rows.map((cells, i) => (
              <tr key={offset + i}>
                {cells.map((cell, j) => (
                  <td key={j}>{formatCell(cell) ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

import { Button, Content, Flex, Heading, InlineAlert, ProgressCircle, TextField } from '@adobe/react-spectrum';
import { useState, type FormEvent } from 'react';
import { jobsSelectors, REJECTS_PAGE } from '../../state/jobs-slice';
import { useAppStore } from '../../state/store-context';
import { formatCell, formatCount } from './format';

/** "Rows 101–200 of 1,234": where the page is among all the rejects. */
function pageWords(offset: number, shown: number, total: number): string {
  if (total === 0) return 'no rows';
  if (shown >= total) return `${formatCount(total)} rows`;
  return `rejects ${formatCount(offset + 1)}–${formatCount(offset + shown)} of ${formatCount(total)}`;
}

/**
 * The rejected rows of the whole file, a page at a time, read back from rejects.csv by main;
 * "Go to row" finds a source row's reject (or says the row was written and shows the next ones).
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
  if (rejects.status === 'loading' && rejects.rows.length === 0) return <ProgressCircle aria-label="Reading the rejected rows" isIndeterminate size="S" />;
  const { offset, total } = rejects;
  const goTo = (event: FormEvent): void => {
    event.preventDefault();
    if (Number.isInteger(row) && row > 0) void load({ row });
  };
  return (
    <section className="prepare-section" aria-labelledby="rejects-heading">
      <div className="mapping-section__head">
        <h3 className="prepare-section__title" id="rejects-heading">
          {rejects.fileName} <span className="prepare-muted">{pageWords(offset, rejects.rows.length, total)}</span>
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
        {rejects.status === 'loading' ? <ProgressCircle aria-label="Reading the rejected rows" isIndeterminate size="S" /> : null}
      </Flex>
      {rejects.wentTo ? (
        <p className="prepare-muted" role="status">
          {rejects.wentTo.found
            ? `Row ${formatCount(rejects.wentTo.row)} was rejected: it is the first row below.`
            : `Row ${formatCount(rejects.wentTo.row)} was not rejected; below are the rejects after it.`}
        </p>
      ) : null}
      {rejects.status === 'error' ? (
        <InlineAlert variant="negative">
          <Heading>{rejects.error?.code}</Heading>
          <Content>{rejects.error?.message}</Content>
        </InlineAlert>
      ) : null}
      {/* Focusable, so a keyboard can scroll the wide table sideways. */}
      <div className="rejects-frame" tabIndex={0} role="group" aria-label="Rejected rows, scrollable">
        <table className="rejects-table" aria-label="Rejected rows">
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

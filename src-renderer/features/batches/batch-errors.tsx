import type { BatchSummary } from '../../../src-shared/ipc/requests/batches';
import { formatCount } from '../prepare/format';
import { batchErrorView } from './batch-words';

/**
 * The errors Catalog attached to a batch: our sentence first, then AEP's code and own words.
 * Why both: the sentence says what to fix; the code and Adobe's text are what its documents and
 * support know the error by.
 */
export function BatchErrors({ errors }: { errors: BatchSummary['errors'] }) {
  if (errors.length === 0) return <p className="target-empty">Catalog reports no error for this batch.</p>;
  return (
    <ul className="batch-errors" aria-label="Batch errors">
      {errors.map((error, i) => {
        const view = batchErrorView(error);
        return (
          <li key={`${view.code}-${i}`} className="batch-error">
            <p className="batch-error__sentence">{view.sentence ?? view.description ?? 'AEP reported an error without a description.'}</p>
            <p className="batch-error__raw">
              {view.code !== '' ? <code className="batch-error__code">{view.code}</code> : null}
              {view.recordCount !== undefined ? <span className="batch-error__count">{formatCount(view.recordCount)} records</span> : null}
              {view.sentence !== undefined && view.description !== undefined ? <span className="batch-error__aep">AEP: “{view.description}”</span> : null}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

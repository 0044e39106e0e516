import { SearchField } from '@adobe/react-spectrum';
import { useState } from 'react';
import { functionCatalog, methodCatalog } from '../../../src-shared/mapping/function-catalog';

/**
 * The Data Prep functions the expression editor knows, with signature and summary.
 * Why here: a steward writing `concat(first_name, " ", last_name)` should not have to leave the
 * app to recall an argument order; functions AEP does not know are marked.
 */
export function FunctionHelp() {
  const [query, setQuery] = useState('');
  const q = query.trim().toLowerCase();
  const entries = [...Object.entries(functionCatalog), ...Object.entries(methodCatalog)].filter(
    ([name, spec]) => !q || name.includes(q) || spec.summary.toLowerCase().includes(q),
  );
  return (
    <div className="function-help">
      <SearchField label="Search functions" value={query} onChange={setQuery} width="100%" />
      <dl className="function-help__list" aria-label="Functions">
        {entries.map(([name, spec]) => (
          <div key={name} className="function-help__entry">
            <dt>
              <code>{spec.signature}</code>
              {spec.localOnly ? <span className="field-tree__flag">XDM Loader only</span> : null}
            </dt>
            <dd>{spec.summary}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

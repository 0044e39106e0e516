import { prepareSelectors } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { formatShare } from './format';
import { TypeBadge } from './type-badge';

/**
 * Every column with its inferred type and how often it was empty in the sample.
 * Why the empty share: a column that is mostly empty is the first thing a steward checks
 * before mapping it to a required XDM field.
 */
export function ColumnList() {
  const columns = useAppStore(prepareSelectors.columns);
  return (
    <section className="prepare-section" aria-labelledby="prepare-columns-heading">
      <h3 className="prepare-section__title" id="prepare-columns-heading">
        Columns <span className="prepare-section__count">{columns.length}</span>
      </h3>
      <ul className="column-list" aria-label="Columns">
        {columns.map((column, index) => (
          <li className="column-list__item" key={`${index}:${column.name}`} aria-label={`${column.name}: ${column.type}`}>
            <span className="column-list__name" title={column.name}>
              {column.name || <em>(no name)</em>}
            </span>
            <TypeBadge type={column.type} />
            {column.emptyRatio > 0 ? <span className="column-list__empty">{formatShare(column.emptyRatio)} empty</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

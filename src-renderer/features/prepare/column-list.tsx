import type { InspectedColumn } from '../../../src-shared/domain/inspection';
import type { ColumnReadSetting } from '../../../src-shared/domain/read-settings';
import { prepareSelectors } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { ColumnReadMenu } from './column-read-menu';
import { formatCount, formatShare } from './format';
import { TypeBadge } from './type-badge';

/** "2 values are not dates (rows 4, 9)": what the steward will find rejected, and where. */
export function describeInvalid(column: InspectedColumn): string | null {
  if (!column.invalid) return null;
  const { count, rows } = column.invalid;
  const what =
    column.type === 'date' || column.type === 'date-time'
      ? `${column.type === 'date' ? 'dates' : 'date-times'}${column.dateFormat ? ` (${column.dateFormat})` : ''}`
      : `${column.type} values`;
  const more = count > rows.length ? ', …' : '';
  return `${formatCount(count)} ${count === 1 ? 'value is' : 'values are'} not ${what}: row${rows.length === 1 ? '' : 's'} ${rows.join(', ')}${more}`;
}

/**
 * Every column with its type and how often it was empty in the sample; for CSV and TSV the type
 * is a menu the steward reads the column with (another type, or a date format), and the values
 * that do not fit are counted with their first rows.
 * Why the empty share: a column that is mostly empty is the first thing a steward checks
 * before mapping it to a required XDM field.
 */
export function ColumnList() {
  const columns = useAppStore(prepareSelectors.columns);
  const delimited = useAppStore((state) => state.prepare.inspection?.delimiter !== null && state.prepare.inspection !== null);
  const read = useAppStore((state) => state.prepare.read);
  const setReadSettings = useAppStore((state) => state.setReadSettings);
  const setColumn = (name: string, setting: ColumnReadSetting | undefined): void => {
    const rest = Object.fromEntries(Object.entries(read.columns ?? {}).filter(([key]) => key !== name));
    void setReadSettings({ ...read, columns: setting ? { ...rest, [name]: setting } : rest });
  };
  return (
    <section className="prepare-section" aria-labelledby="prepare-columns-heading">
      <h3 className="prepare-section__title" id="prepare-columns-heading">
        Columns <span className="prepare-section__count">{columns.length}</span>
      </h3>
      <ul className="column-list" aria-label="Columns">
        {columns.map((column, index) => {
          const invalid = describeInvalid(column);
          return (
            <li
              className={`column-list__item${invalid ? ' column-list__item--invalid' : ''}`}
              key={`${index}:${column.name}`}
              aria-label={`${column.name}: ${column.type}${invalid ? `; ${invalid}` : ''}`}
            >
              <span className="column-list__name" title={column.name}>
                {column.name || <em>(no name)</em>}
              </span>
              {delimited ? (
                <ColumnReadMenu column={column} setting={read.columns?.[column.name]} onChange={(setting) => setColumn(column.name, setting)} />
              ) : (
                <TypeBadge type={column.type} />
              )}
              {column.emptyRatio > 0 ? <span className="column-list__empty">{formatShare(column.emptyRatio)} empty</span> : null}
              {invalid ? <span className="column-list__invalid">{invalid}</span> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

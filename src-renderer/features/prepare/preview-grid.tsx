import { Cell, Column, Row, TableBody, TableHeader, TableView } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CellValue, ColumnType, InspectedColumn } from '../../../src-shared/domain/inspection';
import { prepareSelectors } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { describeColumnType, formatCell } from './format';

interface GridColumn {
  key: string;
  /** Index into a row's cells; -1 for the row-number column. */
  index: number;
  name: string;
  type: ColumnType | null;
  width: number;
  /** Data rows (1-based) whose cell in this column does not fit its type, as far as listed. */
  invalidRows: ReadonlySet<number>;
}

interface GridRow {
  key: number;
  cells: CellValue[];
}

const ROW_NUMBER_KEY = '#';
const noRows: ReadonlySet<number> = new Set();
/** Average glyph width of the compact grid's font, to size columns from their content. */
const CHAR_PX = 7.5;
const MIN_COLUMN_PX = 96;
const MAX_COLUMN_PX = 320;

/**
 * A column wide enough for its header and typical values, within bounds.
 * Why not equal widths: a `zip` column next to an `address` column would waste or truncate.
 */
function columnWidth(column: InspectedColumn, index: number, rows: readonly CellValue[][]): number {
  let chars = column.name.length + describeColumnType(column.type).length + 2;
  for (const row of rows.slice(0, 20)) {
    const text = formatCell(row[index]);
    if (text !== null) chars = Math.max(chars, text.length);
  }
  return Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, chars * CHAR_PX + 32)));
}

function renderCell(row: GridRow, column: GridColumn) {
  if (column.index < 0) return <span className="grid-row-number">{row.key + 1}</span>;
  // A ragged row has fewer cells than the header: show nothing, not a made-up null.
  if (column.index >= row.cells.length) return <span className="grid-missing" aria-label="missing" />;
  const text = formatCell(row.cells[column.index]);
  if (text === null) return <span className="grid-null">null</span>;
  if (column.invalidRows.has(row.key + 1)) {
    return (
      <span className="grid-cell--invalid" title={`Not a ${column.type ?? 'value'}: this row will be rejected if the column is mapped to one`}>
        {text}
        <span className="visually-hidden"> (not a {column.type})</span>
      </span>
    );
  }
  return <span title={text.length > 40 ? text : undefined}>{text}</span>;
}

/**
 * The first rows of the file in Spectrum's TableView.
 * Why TableView: it is virtualized in both directions, so a preview of a wide file (hundreds
 * of columns) renders only what is on screen; headers carry the inferred type next to the name.
 */
export function PreviewGrid({ fileName }: { fileName: string }) {
  const columns = useAppStore(prepareSelectors.columns);
  const rows = useAppStore(useShallow(prepareSelectors.previewRows));

  const gridColumns = useMemo<GridColumn[]>(
    () => [
      { key: ROW_NUMBER_KEY, index: -1, name: 'Row number', type: null, width: Math.max(56, String(rows.length).length * 9 + 32), invalidRows: noRows },
      ...columns.map((column, index) => ({
        key: `c${index}`,
        index,
        name: column.name,
        type: column.type,
        width: columnWidth(column, index, rows),
        invalidRows: column.invalid ? new Set(column.invalid.rows) : noRows,
      })),
    ],
    [columns, rows],
  );
  const gridRows = useMemo<GridRow[]>(() => rows.map((cells, index) => ({ key: index, cells })), [rows]);
  const byKey = useMemo(() => new Map(gridColumns.map((column) => [column.key, column])), [gridColumns]);

  return (
    <TableView
      aria-label={`First rows of ${fileName}`}
      density="compact"
      overflowMode="truncate"
      height="100%"
      minHeight="size-3600"
      UNSAFE_className="preview-grid"
      renderEmptyState={() => <span className="prepare-muted">The file has a header but no rows.</span>}
    >
      <TableHeader columns={gridColumns}>
        {(column) => (
          <Column
            key={column.key}
            textValue={column.type ? `${column.name} (${column.type})` : column.name}
            width={column.width}
            minWidth={column.index < 0 ? 48 : MIN_COLUMN_PX}
            align={column.index < 0 || column.type === 'integer' || column.type === 'number' ? 'end' : 'start'}
            isRowHeader={column.index < 0}
          >
            {column.type ? (
              <span className="grid-header">
                <span className="grid-header__name">{column.name}</span>
                <span className="grid-header__type">{describeColumnType(column.type)}</span>
              </span>
            ) : (
              <span className="grid-header__name">#</span>
            )}
          </Column>
        )}
      </TableHeader>
      <TableBody items={gridRows}>
        {(row) => (
          <Row key={row.key}>
            {(columnKey) => {
              const column = byKey.get(String(columnKey));
              return <Cell>{column ? renderCell(row, column) : null}</Cell>;
            }}
          </Row>
        )}
      </TableBody>
    </TableView>
  );
}

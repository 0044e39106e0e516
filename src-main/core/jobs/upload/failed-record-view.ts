import { fieldPathOfPointer } from '../../../../src-shared/domain/json-pointer';
import type { FailedRecordErrorShape, FailedRecordShape } from '../../../../src-shared/ipc/requests/batches';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The errors of one validator item, its causes flattened.
 * Why flattened: streaming's form nests the real violations under one "N schema violations found".
 */
function errorsOfItem(item: unknown, out: FailedRecordErrorShape[]): void {
  if (!isObject(item)) {
    if (typeof item === 'string') out.push({ path: '', message: item });
    return;
  }
  const causes = Array.isArray(item.causingExceptions) ? item.causingExceptions : [];
  if (causes.length > 0) {
    for (const cause of causes) errorsOfItem(cause, out);
    return;
  }
  const message = typeof item.message === 'string' ? item.message : JSON.stringify(item);
  const keyword = typeof item.keyword === 'string' ? item.keyword : typeof item.code === 'string' ? item.code : undefined;
  out.push({
    path: fieldPathOfPointer(typeof item.pointerToViolation === 'string' ? item.pointerToViolation : undefined),
    message,
    ...(keyword ? { keyword } : {}),
  });
}

/**
 * A failed record as Data Access gives it, split into the record and its errors, for the screen.
 * The forms seen (aep-notes §4): `_validationErrors: [...]`, `_errors: { _streamingValidation: [...] }`,
 * and row errors `_errors: [{ code, message }]` beside `_corrupt_record`. A line that is not JSON
 * arrives as text. `position` is 0-based; the view's index counts from 1.
 */
export function failedRecordOf(row: unknown, position: number): FailedRecordShape {
  const index = position + 1;
  if (!isObject(row)) {
    const raw = typeof row === 'string' ? row : JSON.stringify(row);
    return { index, record: {}, errors: [{ path: '', message: 'This line of the failed-record file is not a JSON record.' }], raw };
  }
  const { _validationErrors: validation, _errors: rowErrors, _corrupt_record: corrupt, ...record } = row;
  const errors: FailedRecordErrorShape[] = [];
  if (Array.isArray(validation)) for (const item of validation) errorsOfItem(item, errors);
  if (Array.isArray(rowErrors)) for (const item of rowErrors) errorsOfItem(item, errors);
  else if (isObject(rowErrors)) for (const group of Object.values(rowErrors)) if (Array.isArray(group)) for (const item of group) errorsOfItem(item, errors);
  return { index, record, errors, ...(typeof corrupt === 'string' ? { raw: corrupt } : {}) };
}

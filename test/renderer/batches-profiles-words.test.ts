import { describe, expect, it } from 'vitest';
import {
  batchErrorView,
  baseName,
  completedNote,
  formatDuration,
  formatShortTime,
  isWorking,
  issueOf,
  metricRows,
  sourceLabel,
  statusView,
  violationWords,
} from '../../src-renderer/features/batches/batch-words';
import { byDay, gistOf, scalarText } from '../../src-renderer/features/profiles/profile-words';

describe('batch words', () => {
  it('says what a status means, Catalog’s unknown ones kept as given', () => {
    expect(statusView('success')).toMatchObject({ label: 'Success', variant: 'positive' });
    expect(statusView('failed')).toMatchObject({
      label: 'Failed',
      variant: 'negative',
      meaning: expect.stringMatching(/Nothing from this batch was ingested/),
    });
    expect(statusView('inactive').label).toBe('Reverted');
    expect(statusView('archived')).toEqual({ label: 'archived', variant: 'neutral', meaning: 'Catalog reports “archived”.' });
    expect(isWorking('processing')).toBe(true);
    expect(isWorking('success')).toBe(false);
  });

  it('puts AEP’s codes in sentences and keeps the code and Adobe’s words', () => {
    const view = batchErrorView({ code: 'INGEST-1555-400', description: 'A required field is either missing or has a value of null.', recordCount: 3 });
    expect(view).toEqual({
      code: 'INGEST-1555-400',
      sentence: 'A field the schema requires is missing or empty (null) in some records.',
      description: 'A required field is either missing or has a value of null.',
      recordCount: 3,
    });
    expect(batchErrorView({ code: 'ING-9', description: 'java.lang.TypeCompatibilityException: boolean' }).sentence).toMatch(/cannot become the field’s type/);
    expect(batchErrorView({ code: 'WHATEVER-1', description: 'Something new' })).toMatchObject({
      code: 'WHATEVER-1',
      sentence: undefined,
      description: 'Something new',
    });
    expect(batchErrorView({}).code).toBe('');
  });

  it('names failed-record keywords and places them in the record tree', () => {
    expect(violationWords('format')).toBe('Wrong format');
    expect(violationWords('somethingElse')).toBe('Invalid');
    expect(violationWords(undefined)).toBe('Invalid');
    expect(issueOf({ path: 'person.birthDate', keyword: 'format', message: 'bad' })).toEqual({
      kind: 'format-mismatch',
      path: 'person.birthDate',
      message: 'bad',
      severity: 'error',
    });
    expect(issueOf({ path: '', message: 'Payload body is missing xdmEntity' }).kind).toBe('constraint-violated');
  });

  it('orders metrics as a steward reads them, unknown ones after by name', () => {
    expect(metricRows({ zeta: 1, failedRecordCount: 2, inputRecordCount: 5, outputRecordCount: 3 }).map((m) => m.label)).toEqual([
      'Records received',
      'Records written',
      'Records failed',
      'zeta',
    ]);
  });

  it('writes times, durations, sources and file names briefly', () => {
    const now = Date.UTC(2024, 4, 20, 12);
    const created = new Date(2024, 4, 1, 9, 0, 5).getTime();
    expect(formatShortTime(created, now)).toBe('May 1, 9:00:05 AM');
    expect(formatShortTime(new Date(2023, 0, 2, 14, 3, 0).getTime(), now)).toBe('Jan 2, 2023, 2:03:00 PM');
    expect(formatShortTime(undefined)).toBe('—');
    expect(completedNote(created, created + 65_000, now)).toBe('completed 9:01:10 AM (1 min 5 s)');
    expect(completedNote(created, undefined)).toBe('not completed');
    expect(formatDuration(0, 2 * 3_600_000 + 60_000)).toBe('2 h 1 min');
    expect(formatDuration(10, 5)).toBeNull();
    expect(sourceLabel('journal')).toBe('This machine');
    expect(baseName('/home/a/inputs/customers.json')).toBe('customers.json');
    expect(baseName('C:\\data\\prepared\\')).toBe('prepared');
  });
});

describe('profile words', () => {
  it('shows values plainly, null as empty', () => {
    expect(scalarText('Ada')).toBe('Ada');
    expect(scalarText(12.5)).toBe('12.5');
    expect(scalarText(false)).toBe('false');
    expect(scalarText(null)).toBe('empty');
  });

  it('groups events by day, newest first as given, undated ones last', () => {
    const at = (d: number, h: number) => new Date(2024, 4, d, h).getTime();
    const groups = byDay([
      { id: 'a', timestamp: at(2, 18) },
      { id: 'x', timestamp: null },
      { id: 'b', timestamp: at(1, 9) },
      { id: 'c', timestamp: at(1, 8) },
    ]);
    expect(groups.map((g) => [g.day, g.events.map((e) => e.id)])).toEqual([
      ['Thu, May 2, 2024', ['a']],
      ['Wed, May 1, 2024', ['b', 'c']],
      ['Time unknown', ['x']],
    ]);
  });

  it('gives the gist of an event without its plumbing', () => {
    const entity = {
      _id: 'e1',
      timestamp: '2024-05-01T00:00:00Z',
      eventType: 'commerce.purchases',
      identityMap: { Email: [{ id: 'a' }] },
      commerce: { order: { priceTotal: 10, currencyCode: 'EUR' }, purchases: { value: 1 } },
      productListItems: [{ SKU: 'x' }, { SKU: 'y' }],
    };
    expect(gistOf(entity)).toEqual([
      { path: 'commerce.order.priceTotal', value: '10' },
      { path: 'commerce.order.currencyCode', value: 'EUR' },
      { path: 'commerce.purchases.value', value: '1' },
    ]);
    expect(gistOf(entity, 5).at(-1)).toEqual({ path: 'productListItems', value: '2 items' });
    expect(gistOf({ _id: 'only' })).toEqual([]);
  });
});

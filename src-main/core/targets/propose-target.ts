import { AppError } from '../../../src-shared/domain/errors';
import { customFieldGroupTitle } from '../../../src-shared/platform/target-names';
import { fieldPathOf } from '../../../src-shared/mapping/destination-path';
import { suggestMappings } from '../../../src-shared/mapping/suggest-mapping';
import { type XdmField, type XdmFieldTree, flattenFields, leafFields } from '../../../src-shared/xdm/field-tree';
import type { ColumnProfile, FieldKind, StringFormat } from './column-profile';

/**
 * A new Profile-ready target proposed from a file's columns: plain data, computed offline, shown
 * before anything is created (issue 15). Pure: the standard classes and field groups come in as a
 * {@link StandardCatalog}, the column types from {@link profileColumns}.
 */

export type TargetClass = 'profile' | 'event';

/** Standard XDM the proposal may use: class ids, the field groups offered per class, resolved trees. */
export interface StandardCatalog {
  classIds: Record<TargetClass, string>;
  fieldGroups(classId: string): readonly string[];
  /** The field tree of a class with some of its field groups. */
  tree(classId: string, fieldGroupIds: readonly string[]): XdmFieldTree;
}

/** One field of the new schema and what feeds it: a column, or a Data Prep expression (`uuid()` for a missing event id). */
export interface ProposedField {
  /** Dot path in the record (`personalEmail.address`, `_tenant.loyaltyPoints`), an array field at its element (`productListItems[1].SKU`). */
  path: string;
  source: { kind: 'column'; column: string } | { kind: 'expression'; expression: string };
  /** Where the field comes from: the class, a standard field group (its id), or the custom field group. */
  origin: { kind: 'class' } | { kind: 'standard'; fieldGroupId: string } | { kind: 'custom' };
  kind: FieldKind;
  format?: StringFormat | 'date' | 'date-time';
}

export interface ProposedCustomField {
  /** The field's name under the tenant namespace. */
  name: string;
  column: string;
  /** Why no standard field took the column, in words (`the closest standard field, …, scores 76`). */
  why: string;
  kind: FieldKind;
  format?: StringFormat;
}

export interface ProposedIdentity {
  column: string;
  /** Dot path of the field that carries it. */
  path: string;
  /** Identity namespace code; created as a custom namespace when the sandbox has none by that code. */
  namespace: string;
  /** Why this column: named by the caller, or guessed (and how). */
  chosenBy: 'caller' | 'guess';
}

export interface TargetProposal {
  fileName: string;
  class: { choice: TargetClass; id: string; guessed: boolean; reason: string };
  schemaTitle: string;
  /** Standard field groups holding at least one column, in the order the schema lists them. */
  standardFieldGroups: string[];
  /** The tenant's own field group for the other columns (absent when every column found a standard field). */
  customFieldGroup: { title: string; tenantNamespace: string; fields: ProposedCustomField[] } | null;
  /** Every field the file feeds, in column order (generated fields last). */
  fields: ProposedField[];
  identity: ProposedIdentity;
  dataset: { name: string; profile: true };
  /** Columns the schema leaves out, with why. */
  skipped: Array<{ column: string; reason: string }>;
}

export interface ProposeOptions {
  fileName: string;
  columns: readonly ColumnProfile[];
  /** The org's tenant id without the underscore (`GET /stats`); custom fields live under `_{tenantId}`. */
  tenantId: string;
  standard: StandardCatalog;
  class?: TargetClass;
  /** Schema title; the file's name by default. */
  name?: string;
  identity?: { column: string; namespace: string };
  datasetName?: string;
}

/** A suggestion must score this high to put a column in a standard field: the proposal creates permanent fields. */
const CONFIDENT = 0.8;

const squash = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const EVENT_ID_NAMES = new Set(['eventid', 'id', 'hitid', 'eventuuid']);
const TIMESTAMP_NAMES = new Set(['timestamp', 'eventtime', 'eventtimestamp', 'eventdate', 'occurredat', 'hittime', 'eventts']);
const EVENT_TYPE_NAMES = new Set(['eventtype', 'type', 'action']);

export function proposeTarget(options: ProposeOptions): TargetProposal {
  const { columns, standard } = options;
  const tenantNamespace = `_${options.tenantId}`;
  const usable = columns.filter((c) => !c.nested);
  const skipped = columns
    .filter((c) => c.nested)
    .map((c) => ({ column: c.name, reason: 'nested values (object or array): map it by hand into a field of its shape' }));
  const guess = guessClass(usable);
  const choice = options.class ?? guess.choice;
  const classId = standard.classIds[choice];
  const fields: ProposedField[] = [];
  const claimed = new Set<string>();
  const claim = (column: ColumnProfile, path: string, origin: ProposedField['origin'], kind: FieldKind = column.kind): void => {
    claimed.add(column.name);
    fields.push({ path, source: { kind: 'column', column: column.name }, origin, kind, ...formatOf(column, kind) });
  };

  if (choice === 'event') {
    const timestamp = usable.find((c) => TIMESTAMP_NAMES.has(squash(c.name)) && c.kind === 'date-time') ?? usable.find((c) => c.kind === 'date-time');
    if (!timestamp)
      throw new AppError(
        'INVALID_INPUT',
        `An ExperienceEvent needs a timestamp, and ${options.fileName} has no date-time column; choose the Individual Profile class (--class profile).`,
      );
    claim(timestamp, 'timestamp', { kind: 'class' });
    const eventId = usable.find((c) => EVENT_ID_NAMES.has(squash(c.name)) && c.kind === 'string');
    if (eventId) claim(eventId, '_id', { kind: 'class' });
    const classPaths = new Set(flattenFields(standard.tree(classId, [])).map((f) => f.path));
    const eventType = usable.find((c) => EVENT_TYPE_NAMES.has(squash(c.name)) && c.kind === 'string');
    if (eventType && classPaths.has('eventType')) claim(eventType, 'eventType', { kind: 'class' });
  }

  const groups = standard.fieldGroups(classId);
  const ownerOf = groupOwnership(standard, classId, groups);
  const combined = standard.tree(classId, groups);
  const leaves = new Map(leafFields(combined).map((f) => [f.path, f]));
  const open = usable.filter((c) => !claimed.has(c.name));
  const suggestions = suggestMappings(
    open.map((c) => ({ name: c.name, type: columnTypeOf(c.kind) })),
    combined,
    { minScore: CONFIDENT },
  );
  const standardGroups = new Set<string>();
  const identityChoice = options.identity ?? guessIdentity(usable);
  suggestions.forEach((s, i) => {
    const column = open[i];
    if (!column || !s.path) return;
    const field = leaves.get(fieldPathOf(s.path));
    const owner = ownerOf.get(fieldPathOf(s.path));
    // An array element (`productListItems[1].SKU`) is a standard field like any other, but never the
    // primary identity: a descriptor marks one field of the record, not a field of an element.
    const arrayIdentity = s.path.includes('[') && column.name === identityChoice?.column;
    if (!field || !owner || arrayIdentity || !fits(column, field)) return;
    standardGroups.add(owner);
    claim(column, s.path, { kind: 'standard', fieldGroupId: owner });
  });
  const whyCustom = (column: ColumnProfile): string => {
    const s = suggestions[open.indexOf(column)];
    const best = s?.candidates[0];
    if (!s || !best) return 'no standard field is like it';
    if (s.path === null) {
      const second = s.candidates[1];
      return s.status === 'ambiguous' && second
        ? `as like ${best.path} as ${second.path}`
        : `the closest standard field, ${best.path}, scores ${Math.floor(best.score * 100)} (a permanent field needs 80)`;
    }
    const field = leaves.get(fieldPathOf(s.path));
    if (s.path.includes('[') && column.name === identityChoice?.column) return `the primary identity cannot be a field of an array element (${s.path})`;
    if (field && !fits(column, field)) return `its values (${column.kind}) do not fit ${s.path} (${field.type}${field.format ? `, ${field.format}` : ''})`;
    return `${s.path} is in no offered field group`;
  };

  if (!identityChoice)
    throw new AppError(
      'INVALID_INPUT',
      `No column of ${options.fileName} looks like an identity (email, CRM id, phone); name the identity column and its namespace (--identity COLUMN:NAMESPACE).`,
    );
  const identityColumn = usable.find((c) => c.name === identityChoice.column);
  if (!identityColumn) throw new AppError('INVALID_INPUT', `The identity column "${identityChoice.column}" is not a flat column of ${options.fileName}.`);

  const names = new Set<string>();
  const custom: ProposedCustomField[] = [];
  for (const column of usable) {
    if (claimed.has(column.name)) continue;
    // An identity value is a string in XDM, whatever the digits in the column suggest.
    const kind = column === identityColumn ? 'string' : column.kind;
    const name = uniqueName(fieldName(column.name), names);
    custom.push({ name, column: column.name, kind, ...(kind === column.kind && column.format ? { format: column.format } : {}), why: whyCustom(column) });
    claim(column, `${tenantNamespace}.${name}`, { kind: 'custom' }, kind);
  }
  if (choice === 'event' && !fields.some((f) => f.path === '_id')) {
    fields.push({ path: '_id', source: { kind: 'expression', expression: 'uuid()' }, origin: { kind: 'class' }, kind: 'string' });
  }

  const identityField = fields.find((f) => f.source.kind === 'column' && f.source.column === identityColumn.name);
  if (!identityField || identityField.kind !== 'string') {
    throw new AppError(
      'INVALID_INPUT',
      `The identity column "${identityColumn.name}" feeds a ${identityField?.kind ?? 'missing'} field; an identity must be a string field.`,
    );
  }
  const position = new Map(columns.map((c, i) => [c.name, i]));
  const at = (f: ProposedField): number => (f.source.kind === 'column' ? (position.get(f.source.column) ?? columns.length) : columns.length);
  fields.sort((a, b) => at(a) - at(b));
  const title = options.name?.trim() || defaultTitle(options.fileName);
  const order = groups.filter((g) => standardGroups.has(g));
  return {
    fileName: options.fileName,
    class: { choice, id: classId, guessed: options.class === undefined, reason: options.class === undefined ? guess.reason : 'chosen' },
    schemaTitle: title,
    standardFieldGroups: order,
    customFieldGroup: custom.length > 0 ? { title: customFieldGroupTitle(title), tenantNamespace, fields: custom } : null,
    fields,
    identity: { column: identityColumn.name, path: identityField.path, namespace: identityChoice.namespace, chosenBy: options.identity ? 'caller' : 'guess' },
    dataset: { name: options.datasetName?.trim() || title, profile: true },
    skipped,
  };
}

/** ExperienceEvent when the columns name an event (event id, timestamp, event type) and one is a date-time; Individual Profile otherwise. */
export function guessClass(columns: readonly ColumnProfile[]): { choice: TargetClass; reason: string } {
  const eventish = columns.filter((c) => {
    const s = squash(c.name);
    return TIMESTAMP_NAMES.has(s) || s.startsWith('event') || s === 'hitid';
  });
  const hasTime = columns.some((c) => c.kind === 'date-time');
  if (eventish.length > 0 && hasTime) return { choice: 'event', reason: `event columns: ${eventish.map((c) => c.name).join(', ')}` };
  return { choice: 'profile', reason: 'no event id or timestamp column' };
}

/** Email first (by values or name), then a CRM or customer id, then a phone: the namespaces most files carry. */
export function guessIdentity(columns: readonly ColumnProfile[]): { column: string; namespace: string } | null {
  const named = (re: RegExp) => columns.find((c) => re.test(squash(c.name)));
  const email = columns.find((c) => c.format === 'email') ?? named(/email|mail$/);
  if (email) return { column: email.name, namespace: 'Email' };
  const crm = named(/^(crmid|crm|customerid|custid|clientid|personid|memberid|contactid|userid)$/);
  if (crm) return { column: crm.name, namespace: 'CRMID' };
  const phone = named(/phone|mobile/);
  return phone ? { column: phone.name, namespace: 'Phone' } : null;
}

/** For each field path of the combined tree, the first field group that brings it (class fields have none). */
function groupOwnership(standard: StandardCatalog, classId: string, groups: readonly string[]): Map<string, string> {
  const classPaths = new Set(flattenFields(standard.tree(classId, [])).map((f) => f.path));
  const owner = new Map<string, string>();
  for (const group of groups) {
    for (const field of leafFields(standard.tree(classId, [group]))) {
      if (!classPaths.has(field.path) && !owner.has(field.path)) owner.set(field.path, group);
    }
  }
  return owner;
}

/** Whether every value of the column fits the standard field: a date-time never lands in a plain string, digits never in a date. */
function fits(column: ColumnProfile, field: XdmField): boolean {
  switch (field.type) {
    case 'string':
      if (field.format === 'date') return column.kind === 'date';
      if (field.format === 'date-time') return column.kind === 'date-time' || column.kind === 'date';
      return column.kind === 'string' && field.enum === undefined && field.pattern === undefined;
    case 'int':
      return column.kind === 'integer';
    case 'long':
      return column.kind === 'integer' || column.kind === 'long';
    case 'number':
      return column.kind === 'integer' || column.kind === 'long' || column.kind === 'number';
    case 'boolean':
      return column.kind === 'boolean';
    default:
      return false;
  }
}

function columnTypeOf(kind: FieldKind): 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time' {
  return kind === 'long' ? 'integer' : kind;
}

function formatOf(column: ColumnProfile, kind: FieldKind): Pick<ProposedField, 'format'> {
  if (kind === 'date' || kind === 'date-time') return { format: kind };
  return kind === column.kind && column.format ? { format: column.format } : {};
}

/** A column name as an XDM field name: camelCase letters and digits, never starting with a digit. */
export function fieldName(column: string): string {
  const words = column.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  const joined = words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0]?.toUpperCase() + w.slice(1).toLowerCase())).join('');
  if (joined === '') return 'column';
  return /^[0-9]/.test(joined) ? `c${joined}` : joined;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/** `customer-export_2024.csv` → `customer-export_2024`: the file's name, which a re-run on the same file finds again. */
function defaultTitle(fileName: string): string {
  const base = fileName.replace(/\.[^.]+$/, '');
  return base === '' ? fileName : base;
}

import type { CellValue, ColumnType } from '../domain/inspection';
import type { XdmField, XdmFieldTree } from '../xdm/field-tree';
import { flattenFields, leafFields } from '../xdm/field-tree';
import type { XdmType } from '../xdm/xdm-schema-node';
import { type ColumnValues, columnValues, valuesMatch } from './column-values';
import type { IdentityRule, MappingFile } from './mapping-types';

/**
 * Suggests a destination for each source column, by name, title, description, type and sample values.
 * Why cautious: a wrong automatic mapping is worse than none, since it loads plausible-looking
 * wrong data; a column whose two best candidates score too close stays unmapped and the user
 * picks. Pure (no Node, no DOM) so the renderer can re-rank as the user types.
 */

export interface SuggestionCandidate {
  path: string;
  score: number;
}

export interface ColumnSuggestion {
  column: string;
  /** Chosen destination, or null when nothing matched well enough or the match is ambiguous. */
  path: string | null;
  score: number;
  status: 'matched' | 'ambiguous' | 'no-match';
  /** Best candidates, best first (at most 3). */
  candidates: SuggestionCandidate[];
}

export interface SuggestOptions {
  /** Below this a candidate is not suggested (default 0.55). */
  minScore?: number;
  /** Two candidates closer than this are ambiguous (default 0.05). */
  ambiguityMargin?: number;
}

export interface SuggestColumn {
  name: string;
  type?: ColumnType;
  /** A few of the column's values (the file's head): they say what names cannot (`FR` is a code). */
  samples?: readonly CellValue[];
}

/** A Map, not an object: a column word such as `constructor` must find nothing here. */
const SYNONYMS = new Map<string, string[]>(
  Object.entries({
    customer: ['person'],
    cust: ['person'],
    client: ['person'],
    contact: ['person'],
    user: ['person'],
    fname: ['first', 'name'],
    firstname: ['first', 'name'],
    given: ['first'],
    forename: ['first'],
    lname: ['last', 'name'],
    lastname: ['last', 'name'],
    surname: ['last', 'name'],
    family: ['last'],
    mail: ['email'],
    emailaddress: ['email'],
    tel: ['phone'],
    telephone: ['phone'],
    cell: ['mobile', 'phone'],
    mobile: ['mobile', 'phone'],
    zip: ['postal', 'code'],
    zipcode: ['postal', 'code'],
    postcode: ['postal', 'code'],
    postal: ['postal'],
    dob: ['birth', 'date'],
    birthday: ['birth', 'date'],
    birthdate: ['birth', 'date'],
    born: ['birth'],
    addr: ['address'],
    town: ['city'],
    province: ['state'],
    sex: ['gender'],
    eventtime: ['timestamp'],
    eventtimestamp: ['timestamp'],
    eventdate: ['timestamp'],
    occurredat: ['timestamp'],
    hittime: ['timestamp'],
    ts: ['timestamp'],
    sku: ['sku'],
    qty: ['quantity'],
    lineitem: ['item'],
    eventname: ['event', 'type'],
    eventtype: ['event', 'type'],
  }),
);

/** Leaf names that say little alone; their parent's name carries the meaning. */
const GENERIC_LEAVES = new Set(['address', 'number', 'id', 'val', 'value', 'name', 'code']);
/** Words that only say which of several similar containers (home or billing address …). */
const QUALIFIERS = new Set(['home', 'mobile', 'personal', 'work', 'billing', 'shipping', 'mailing', 'fax', 'primary']);
const STOP_WORDS = new Set(['and', 'of', 'the', 'at', 'to', 'in', 'on', 'a', 'an', 'is', 'for', 'xdm']);
/** The containers a plain column usually means (home over billing, mobile over fax …). */
const PREFERRED_CONTAINERS = ['person.name', 'person', 'personalEmail', 'mobilePhone', 'homeAddress', 'loyalty'];
/** Words a column naming the record's own id may carry besides `id`. */
const RECORD_ID_WORDS = ['id', 'event', 'record', 'row', 'hit', 'unique', 'uuid', 'guid', 'key'];
/** Containers a plain column almost never means. */
const UNLIKELY_CONTAINERS = ['consents', '_repo', 'identityMap', 'repositoryCreatedBy', 'repositoryLastModifiedBy', 'createdByBatchID', 'modifiedByBatchID'];

function stem(word: string): string {
  return word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Splits a name into lower-case words: snake, kebab, spaces, dots and camelCase. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w) && !STOP_WORDS.has(w))
    .map(stem);
}

/** A column's words, each with its synonyms (a word counts as found when any of them is). */
interface ColumnWords {
  groups: Set<string>[];
  all: Set<string>;
}

/**
 * A column's words; values add what the name leaves out: a column of ISO codes (`FR`, `USD`)
 * is a code whatever it is called, a column of addresses is an e-mail.
 */
function columnWords(name: string, values: ColumnValues): ColumnWords {
  const raw = nameTokens(name);
  const joined = SYNONYMS.get(raw.join(''));
  const groups = joined && raw.length > 1 ? joined.map((w) => new Set([w])) : raw.map((t) => new Set([t, ...(SYNONYMS.get(t) ?? [])]));
  const has = (word: string): boolean => groups.some((g) => g.has(word));
  if (values.isoCode && !has('code')) groups.push(new Set(['code']));
  if (values.email && !has('email')) groups.push(new Set(['email']));
  const all = new Set(groups.flatMap((g) => [...g]));
  return { groups, all };
}

function coverage(of: readonly string[], within: ReadonlySet<string>): number {
  if (of.length === 0) return 0;
  return of.filter((t) => within.has(t)).length / of.length;
}

/** Words of a text field that may hold a date written as text (`lastPublishedTime`, `upgradeDate`). */
const TEMPORAL_WORDS = new Set(['date', 'time', 'timestamp', 'day', 'month', 'year', 'period', 'expire', 'expiry', 'expiration', 'age']);

const NON_TEXT: ReadonlySet<XdmType> = new Set(['boolean', 'byte', 'short', 'int', 'long', 'number']);

/**
 * How well a column fits a field, by type and values: 1 fits, 0.5 doubtful, 0 never.
 * Why "never" for dates in text fields: `created_at` → `repositoryCreatedBy` or
 * `last_purchase_at` → `lastName` pass validation and load nonsense, so a date or date-time
 * column only goes into a text field whose name says it holds a date. Why patterns count:
 * values that break a field's pattern (`France` in `countryCode`) fail every row.
 */
function fit(column: SuggestColumn, values: ColumnValues, p: FieldProfile): number {
  const field = p.field;
  const temporal = column.type === 'date' || column.type === 'date-time' || values.temporal;
  if (temporal && field.type === 'string') return [...p.path].some((w) => TEMPORAL_WORDS.has(w)) ? 0.6 : 0;
  // An address field takes addresses: `Accepts Email Marketing` (yes, no) is not one.
  if (values.count >= 2 && !values.email && p.path.has('email') && field.name === 'address') return 0.3;
  // Text that is neither a number nor a boolean (`https://…` in `isHomePage`) fails every row.
  if (column.type === 'string' && values.count >= 2 && NON_TEXT.has(field.type)) return 0.3;
  // Text that is not a date (`03/14` for a birthday) into a date field fails every row.
  if (column.type === 'string' && values.count >= 2 && !values.temporal && (field.type === 'date' || field.type === 'date-time')) return 0.5;
  if (values.epochMillis && (field.type === 'date-time' || field.type === 'date')) return 1;
  const byType = typeFit(column.type, field.type);
  if (field.pattern === undefined || !column.samples) return byType;
  const matches = valuesMatch(column.samples, field.pattern);
  return matches === false ? byType * 0.3 : byType;
}

/** How well a column of an inferred type fits a field type: 1 fits, 0.5 doubtful. */
function typeFit(column: ColumnType | undefined, field: XdmType): number {
  if (!column || column === 'string' || field === 'string') return 1;
  switch (column) {
    case 'integer':
      // Epoch numbers other than milliseconds (seconds, GA's microseconds) are misread as dates.
      if (field === 'date' || field === 'date-time') return 0.3;
      return ['byte', 'short', 'int', 'long', 'number'].includes(field) ? 1 : 0.5;
    case 'number':
      return field === 'number' ? 1 : 0.5;
    case 'boolean':
      return field === 'boolean' ? 1 : 0.5;
    case 'date':
      return field === 'date' || field === 'date-time' ? 1 : 0.5;
    case 'date-time':
      return field === 'date-time' || field === 'date' ? 1 : 0.5;
    default:
      return field === column ? 1 : 0.5;
  }
}

function containerOf(path: string): string {
  const i = path.lastIndexOf('.');
  return i === -1 ? '' : path.slice(0, i);
}

interface FieldProfile {
  field: XdmField;
  meaning: string[];
  path: Set<string>;
  title: string[];
  description: Set<string>;
  prior: number;
}

function profile(field: XdmField): FieldProfile {
  const segments = field.path.replace(/\[\]/g, '').split('.');
  const leaf = segments[segments.length - 1] as string;
  const leafTokens = nameTokens(leaf);
  // A generic leaf takes its meaning from the head noun of its parent: `productListItems[].name` is an item's name.
  const parent = segments.length > 1 ? nameTokens(segments[segments.length - 2] as string).slice(-1) : [];
  const generic = leafTokens.length === 0 || leafTokens.every((t) => GENERIC_LEAVES.has(t));
  // An id or a name is not what it belongs to: `homeAddress._id` is an address id, never an address.
  const kept = (t: string): boolean => !GENERIC_LEAVES.has(t) || t === 'id' || t === 'name';
  const meaning = (generic ? [...parent, ...leafTokens.filter(kept)] : leafTokens).filter((t) => !QUALIFIERS.has(t));
  const container = containerOf(field.path);
  const recordId = field.path === '_id';
  let prior = 0;
  const ordinal = /(\d+)$/.exec(leaf);
  if (ordinal) prior -= 0.05 * (Number(ordinal[1]) - 1);
  if (PREFERRED_CONTAINERS.includes(container)) prior += 0.1;
  if (UNLIKELY_CONTAINERS.some((c) => field.path === c || field.path.startsWith(`${c}.`))) prior -= 0.3;
  if (field.deprecated) prior -= 0.2;
  // A field the class requires (`_id`, `timestamp`) beats an optional look-alike (`eventMergeId`).
  if (field.required && !field.path.includes('.') && !field.path.includes('[')) prior += 0.12;
  prior -= Math.max(0, segments.length - 3) * 0.03;
  return {
    field,
    meaning: meaning.length > 0 ? meaning : leafTokens,
    // The record's own `_id` is what an `event_id` or `Id` column names, not a `user_id`.
    path: new Set(recordId ? RECORD_ID_WORDS : segments.flatMap(nameTokens)),
    // A title of generic words only ("Address", "Number") says less than the path; it is left out.
    title: field.title && !nameTokens(field.title).every((t) => GENERIC_LEAVES.has(t)) ? nameTokens(field.title) : [],
    description: new Set(field.description ? nameTokens(field.description) : []),
    prior,
  };
}

function groupCoverage(groups: readonly Set<string>[], within: ReadonlySet<string>): number {
  if (groups.length === 0) return 0;
  return groups.filter((g) => [...g].some((w) => within.has(w))).length / groups.length;
}

/**
 * Score of one field for one column, 0..1: how much of the field's meaning the column names
 * (55%) and how much of the column the field's path or title explains (45%), the better of
 * path and title; plus a little for description words; weighed by type fit; then nudged by
 * priors (home over billing, not in consents …).
 */
function score(column: SuggestColumn, words: ColumnWords, values: ColumnValues, p: FieldProfile): number {
  const fieldCov = coverage(p.meaning, words.all);
  const titleCov = coverage(p.title, words.all);
  if (fieldCov === 0 && titleCov === 0) return 0;
  const columnCov = groupCoverage(words.groups, p.path);
  const nameScore = 0.55 * fieldCov + 0.45 * columnCov;
  const titleScore = p.title.length > 0 ? 0.55 * titleCov + 0.45 * groupCoverage(words.groups, new Set(p.title)) : 0;
  const descBonus = 0.05 * groupCoverage(words.groups, p.description);
  const base = Math.min(1, Math.max(nameScore, titleScore) + descBonus) * fit(column, values, p);
  if (base === 0) return 0;
  const otherThing = p.field.path === '_id' && columnCov < 1 ? -0.3 : 0;
  return Math.max(0, Math.min(1, 0.9 * base + p.prior + otherThing + contextPrior(words, p, fieldCov < 1 && columnCov < 1 && titleCov < 1)));
}

/**
 * What the column's own words say beyond coverage. A qualifier it names (`MailingCity`) picks
 * that container over the usual one (home); a word on each side that the other lacks
 * (`LastModifiedDate` against `lastVerifiedDate`) means two different things that share a few words.
 */
function contextPrior(words: ColumnWords, p: FieldProfile, bothUnexplained: boolean): number {
  let prior = bothUnexplained ? -0.2 : 0;
  const named = [...words.all].filter((w) => QUALIFIERS.has(w));
  if (named.length > 0) {
    const own = [...p.path].filter((w) => QUALIFIERS.has(w));
    if (named.some((w) => own.includes(w))) prior += 0.1;
    else if (own.length > 0) prior -= 0.1;
  }
  return prior;
}

/** The array elements on a destination's way (`a[0].b[0].c` → `a[0]`, `a[0].b[0]`). */
function elementsOf(path: string): string[] {
  const out: string[] = [];
  const re = /\[\d+\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(path.slice(0, m.index + m[0].length));
  return out;
}

const ELEMENT_BONUS = 0.06;

function withElementBonus(candidates: readonly SuggestionCandidate[], elements: ReadonlySet<string>): SuggestionCandidate[] {
  return candidates
    .map((c) =>
      elementsOf(c.path).some((e) => elements.has(e)) ? { path: c.path, score: Math.min(1, Math.round((c.score + ELEMENT_BONUS) * 1000) / 1000) } : c,
    )
    .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
}

/**
 * The destination a suggestion writes for a field: the first element of each array on the way
 * (`productListItems[].SKU` → `productListItems[0].SKU`). Why the first: one row is one record,
 * so a row's product columns fill one element together; a second element is the steward's edit.
 */
export function destinationOf(fieldPath: string): string {
  return fieldPath.replace(/\[\]/g, '[0]');
}

/** The one number a column's name carries (`product_2_sku`, `item2Price` → 2), or null (none, several, or a year-like one). */
function elementNumber(name: string): number | null {
  const numbers = name.match(/\d+/g);
  if (numbers?.length !== 1) return null;
  const n = Number(numbers[0]);
  return n <= 99 ? n : null;
}

/**
 * Numbered columns as array elements: `product_1_sku`, `product_2_sku` are the SKUs of the first
 * and second items, so a field inside an array gets the element the number names, counted from
 * the file's first (0 when some column is numbered 0, else 1). Why: a row of a flat export that
 * holds several products numbers them; all of them into element [0] would leave one per field.
 */
function elementIndexer(columns: readonly SuggestColumn[]): (column: SuggestColumn, destination: string) => string {
  const first = columns.some((c) => elementNumber(c.name) === 0) ? 0 : 1;
  return (column, destination) => {
    const n = elementNumber(column.name);
    return n === null || n < first || !destination.includes('[0]') ? destination : destination.replace('[0]', `[${n - first}]`);
  };
}

/**
 * Ranks schema fields for each column and keeps only clear winners; a field is given to at
 * most one column (the best-scoring one).
 */
export function suggestMappings(columns: readonly SuggestColumn[], tree: XdmFieldTree, options: SuggestOptions = {}): ColumnSuggestion[] {
  const minScore = options.minScore ?? 0.55;
  const margin = options.ambiguityMargin ?? 0.05;
  const profiles = leafFields(tree)
    .filter((f) => f.type !== 'map' && f.type !== 'array')
    .map(profile);
  const atElement = elementIndexer(columns);
  const ranked = columns.map((column) => {
    const values = columnValues(column.samples ?? []);
    const words = columnWords(column.name, values);
    const candidates = profiles
      .map((p) => ({ path: atElement(column, destinationOf(p.field.path)), score: Math.round(score(column, words, values, p) * 1000) / 1000 }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
    return { column, candidates };
  });
  const decide = (column: SuggestColumn, candidates: SuggestionCandidate[]): ColumnSuggestion => {
    const [best, second] = candidates;
    const top = candidates.slice(0, 3);
    if (!best || best.score < minScore) return { column: column.name, path: null, score: best?.score ?? 0, status: 'no-match', candidates: top };
    if (second && best.score - second.score < margin) return { column: column.name, path: null, score: best.score, status: 'ambiguous', candidates: top };
    return { column: column.name, path: best.path, score: best.score, status: 'matched', candidates: top };
  };
  const first = ranked.map(({ column, candidates }) => decide(column, candidates));
  // Columns of one row describe one thing: once `product_sku` is an item's SKU, `price` is that
  // item's price rather than the order's, so fields of an array element already chosen gain a little.
  const elements = new Set(first.flatMap((s) => (s.path ? elementsOf(s.path) : [])));
  const taken = new Map<string, number>();
  const result = elements.size === 0 ? first : ranked.map(({ column, candidates }) => decide(column, withElementBonus(candidates, elements)));
  // One column per field: the weaker claimant falls back to unmapped (ambiguous).
  result.forEach((s, i) => {
    if (!s.path) return;
    const prior = taken.get(s.path);
    if (prior === undefined) {
      taken.set(s.path, i);
      return;
    }
    const other = result[prior] as ColumnSuggestion;
    const loser = other.score >= s.score ? s : other;
    if (loser === other) taken.set(s.path, i);
    loser.path = null;
    loser.status = 'ambiguous';
  });
  return result;
}

/**
 * Identity rules implied by suggested destinations: email → Email, mobile phone → Phone, the
 * person id → CRMID (primary). Why: a Profile-bound record needs a primary identity, and
 * these are the namespaces most customer files carry. A column the schema has no field for
 * still gives its identity (an ExperienceEvent schema has no e-mail field, yet an event file's
 * `email` is what ties each event to its person): by its name, or by values that are e-mails.
 */
export function suggestIdentities(
  suggestions: readonly ColumnSuggestion[],
  columns: readonly SuggestColumn[] = [],
  schemaPrimaryPath?: string,
): IdentityRule[] {
  const out: IdentityRule[] = [];
  const byPath = new Map(suggestions.filter((s) => s.path).map((s) => [s.path as string, s.column]));
  // A schema whose primary identity is a field (an identity descriptor) that a column fills
  // already gives each record its primary: one marked in identityMap too would make two, and
  // Profile skips a record with several primary identities (the preflight check says so).
  const fieldIsPrimary = schemaPrimaryPath !== undefined && byPath.has(schemaPrimaryPath);
  const unmapped = columns.filter((c) => !suggestions.some((s) => s.column === c.name && s.path));
  const named = (words: readonly string[], values?: (v: ColumnValues) => boolean): string | undefined =>
    unmapped.find((c) => {
      const tokens = columnWords(c.name, NO_VALUES).all;
      return words.some((w) => tokens.has(w)) || (values !== undefined && values(columnValues(c.samples ?? [])));
    })?.name;
  const crm = byPath.get('personID');
  const first = (): boolean => !fieldIsPrimary && out.length === 0;
  if (crm) out.push({ column: crm, namespace: 'CRMID', primary: first(), authenticatedState: 'ambiguous' });
  const email = byPath.get('personalEmail.address') ?? named(['email'], (v) => v.email);
  if (email) out.push({ column: email, namespace: 'Email', primary: first(), authenticatedState: 'ambiguous' });
  const phone = byPath.get('mobilePhone.number') ?? named(['phone']);
  if (phone) out.push({ column: phone, namespace: 'Phone', primary: first(), authenticatedState: 'ambiguous' });
  return out;
}

const NO_VALUES: ColumnValues = columnValues([]);

/** The path of the field a schema's primary identity descriptor marks, if it has one. */
export function primaryIdentityPath(tree: XdmFieldTree): string | undefined {
  return flattenFields(tree).find((f) => f.identity?.primary)?.path;
}

/** A mapping file from suggestions (matched columns only) and the implied identities. */
export function mappingFromSuggestions(
  suggestions: readonly ColumnSuggestion[],
  schemaId?: string,
  columns: readonly SuggestColumn[] = [],
  schemaPrimaryPath?: string,
): MappingFile {
  return {
    version: 1,
    ...(schemaId ? { schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' } } : {}),
    rules: suggestions.filter((s) => s.path).map((s) => ({ source: { kind: 'column', column: s.column }, destination: s.path as string })),
    identities: suggestIdentities(suggestions, columns, schemaPrimaryPath),
  };
}

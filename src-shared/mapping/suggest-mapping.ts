import type { ColumnType } from '../domain/inspection';
import type { XdmField, XdmFieldTree } from '../xdm/field-tree';
import { leafFields } from '../xdm/field-tree';
import type { XdmType } from '../xdm/xdm-schema-node';
import type { IdentityRule, MappingFile } from './mapping-types';

/**
 * Suggests a destination for each source column, by name, title, description and type.
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
}

/** A Map, not an object: a column word such as `constructor` must find nothing here. */
const SYNONYMS = new Map<string, string[]>(Object.entries({
  customer: ['person'],
  cust: ['person'],
  client: ['person'],
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
}));

/** Leaf names that say little alone; their parent's name carries the meaning. */
const GENERIC_LEAVES = new Set(['address', 'number', 'id', 'val', 'value', 'name', 'code']);
/** Words that only say which of several similar containers (home or billing address …). */
const QUALIFIERS = new Set(['home', 'mobile', 'personal', 'work', 'billing', 'shipping', 'mailing', 'fax', 'primary']);
const STOP_WORDS = new Set(['and', 'of', 'the', 'at', 'to', 'in', 'on', 'a', 'an', 'is', 'for', 'xdm']);
/** The containers a plain column usually means (home over billing, mobile over fax …). */
const PREFERRED_CONTAINERS = ['person.name', 'person', 'personalEmail', 'mobilePhone', 'homeAddress', 'loyalty'];
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

function columnWords(name: string): ColumnWords {
  const raw = nameTokens(name);
  const joined = SYNONYMS.get(raw.join(''));
  const groups = joined && raw.length > 1 ? joined.map((w) => new Set([w])) : raw.map((t) => new Set([t, ...(SYNONYMS.get(t) ?? [])]));
  const all = new Set(groups.flatMap((g) => [...g]));
  return { groups, all };
}

function coverage(of: readonly string[], within: ReadonlySet<string>): number {
  if (of.length === 0) return 0;
  return of.filter((t) => within.has(t)).length / of.length;
}

const textual: ReadonlySet<XdmType> = new Set(['string']);
/** How well a column of an inferred type fits a field type: 1 fits, 0.5 doubtful. */
function typeFit(column: ColumnType | undefined, field: XdmType): number {
  if (!column || column === 'string' || textual.has(field)) return 1;
  switch (column) {
    case 'integer':
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
  const parent = segments.length > 1 ? nameTokens(segments[segments.length - 2] as string) : [];
  const generic = leafTokens.length === 0 || leafTokens.every((t) => GENERIC_LEAVES.has(t));
  const meaning = (generic ? [...parent, ...leafTokens.filter((t) => !GENERIC_LEAVES.has(t))] : leafTokens).filter((t) => !QUALIFIERS.has(t));
  const container = containerOf(field.path);
  let prior = 0;
  const ordinal = /(\d+)$/.exec(leaf);
  if (ordinal) prior -= 0.05 * (Number(ordinal[1]) - 1);
  if (PREFERRED_CONTAINERS.includes(container)) prior += 0.1;
  if (UNLIKELY_CONTAINERS.some((c) => field.path === c || field.path.startsWith(`${c}.`))) prior -= 0.3;
  if (field.deprecated) prior -= 0.2;
  prior -= Math.max(0, segments.length - 3) * 0.03;
  return {
    field,
    meaning: meaning.length > 0 ? meaning : leafTokens,
    path: new Set(segments.flatMap(nameTokens)),
    title: field.title ? nameTokens(field.title) : [],
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
function score(column: SuggestColumn, words: ColumnWords, p: FieldProfile): number {
  const fieldCov = coverage(p.meaning, words.all);
  const titleCov = coverage(p.title, words.all);
  if (fieldCov === 0 && titleCov === 0) return 0;
  const nameScore = 0.55 * fieldCov + 0.45 * groupCoverage(words.groups, p.path);
  const titleScore = p.title.length > 0 ? 0.55 * titleCov + 0.45 * groupCoverage(words.groups, new Set(p.title)) : 0;
  const descBonus = 0.05 * groupCoverage(words.groups, p.description);
  const base = Math.min(1, Math.max(nameScore, titleScore) + descBonus) * typeFit(column.type, p.field.type);
  return Math.max(0, Math.min(1, 0.9 * base + p.prior));
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
  const ranked = columns.map((column) => {
    const words = columnWords(column.name);
    const candidates = profiles
      .map((p) => ({ path: p.field.path, score: Math.round(score(column, words, p) * 1000) / 1000 }))
      .filter((c) => c.score > 0)
      .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path));
    return { column, candidates };
  });
  const taken = new Map<string, number>();
  const result: ColumnSuggestion[] = ranked.map(({ column, candidates }) => {
    const [best, second] = candidates;
    const top = candidates.slice(0, 3);
    if (!best || best.score < minScore) return { column: column.name, path: null, score: best?.score ?? 0, status: 'no-match', candidates: top };
    if (second && best.score - second.score < margin) return { column: column.name, path: null, score: best.score, status: 'ambiguous', candidates: top };
    return { column: column.name, path: best.path, score: best.score, status: 'matched', candidates: top };
  });
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
 * these are the namespaces most customer files carry.
 */
export function suggestIdentities(suggestions: readonly ColumnSuggestion[]): IdentityRule[] {
  const out: IdentityRule[] = [];
  const byPath = new Map(suggestions.filter((s) => s.path).map((s) => [s.path as string, s.column]));
  const crm = byPath.get('personID');
  if (crm) out.push({ column: crm, namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' });
  const email = byPath.get('personalEmail.address');
  if (email) out.push({ column: email, namespace: 'Email', primary: out.length === 0, authenticatedState: 'ambiguous' });
  const phone = byPath.get('mobilePhone.number');
  if (phone) out.push({ column: phone, namespace: 'Phone', primary: out.length === 0, authenticatedState: 'ambiguous' });
  return out;
}

/** A mapping file from suggestions (matched columns only) and the implied identities. */
export function mappingFromSuggestions(suggestions: readonly ColumnSuggestion[], schemaId?: string): MappingFile {
  return {
    version: 1,
    ...(schemaId ? { schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' } } : {}),
    rules: suggestions.filter((s) => s.path).map((s) => ({ source: { kind: 'column', column: s.column }, destination: s.path as string })),
    identities: suggestIdentities(suggestions),
  };
}

import type { ColumnType } from '../domain/inspection';
import { type DatasetSummary, type SchemaSummary, XDM_EXPERIENCE_EVENT_CLASS, XDM_PROFILE_CLASS } from '../platform/targets';
import { fieldPathOf } from './destination-path';
import type { MappingFile } from './mapping-types';

/**
 * Where a file's mapping starts: the schema of a dataset it can be loaded into.
 * Why a dataset's schema and not a standard composition: records are checked against the
 * schema of the dataset they land in; a mapping to a schema no dataset uses loads nowhere
 * (issue 15: 300 of 300 records refused for `consents`, a field the dataset's schema lacks).
 */

/** Column names that make a file a series of events (with a date-time column). */
const EVENT_TIME_NAMES = new Set(['timestamp', 'eventtime', 'eventtimestamp', 'occurredat', 'hittime', 'ts', 'eventdate']);

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Whether a file's columns read as ExperienceEvents: a date-time column named as an event's time. */
export function looksLikeEvents(columns: ReadonlyArray<{ name: string; type?: ColumnType }>): boolean {
  return columns.some((c) => c.type === 'date-time' && EVENT_TIME_NAMES.has(squash(c.name)));
}

/**
 * The dataset a new mapping targets by default: one whose schema is listed, of the class the
 * columns suggest (events or profiles), enabled for Profile, most recently changed first.
 */
export function defaultDataset(
  datasets: readonly DatasetSummary[],
  schemas: readonly SchemaSummary[],
  columns: ReadonlyArray<{ name: string; type?: ColumnType }>,
): DatasetSummary | undefined {
  const wanted = looksLikeEvents(columns) ? XDM_EXPERIENCE_EVENT_CLASS : XDM_PROFILE_CLASS;
  const classOf = new Map(schemas.map((s) => [s.id, s.classId]));
  const rank = (d: DatasetSummary): number => (classOf.get(d.schemaId ?? '') === wanted ? 2 : 0) + (d.profileEnabled ? 1 : 0);
  return datasets
    .filter((d) => d.schemaId !== undefined && classOf.has(d.schemaId))
    .sort((a, b) => rank(b) - rank(a) || (b.updated ?? 0) - (a.updated ?? 0) || a.name.localeCompare(b.name))[0];
}

/**
 * The fields a mapping writes that a schema lacks, as field-tree paths (`productListItems[].SKU`).
 * Why on the Map step: choosing a dataset of another schema is caught where it can still be fixed
 * by choosing again, before a file is prepared against the wrong one.
 */
export function fieldsMissingFrom(mapping: Pick<MappingFile, 'rules' | 'identities'>, schemaFields: ReadonlyMap<string, { type: string }>): string[] {
  const written = mapping.rules.map((r) => fieldPathOf(r.destination.trim())).filter((p) => p !== '');
  if (mapping.identities.length > 0) written.push('identityMap');
  // A key under a map field (`identityMap.Email[].id`) is the map's own: the map field is what must exist.
  const present = (path: string): boolean => {
    const segments = path.split('.');
    for (let i = 1; i < segments.length; i++) if (schemaFields.get(segments.slice(0, i).join('.'))?.type === 'map') return true;
    return schemaFields.has(path);
  };
  return [...new Set(written)].filter((p) => !present(p));
}

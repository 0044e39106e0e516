import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { DroppedFile } from '../../src-shared/ipc/contract';
import type { IdentityRule, MappingFile, MappingRule } from '../../src-shared/mapping/mapping-types';
import type { ColumnSuggestion, MappingLocation, MappingProblem, PreviewRecord, SavedMapping } from '../../src-shared/ipc/requests/mapping';
import type { LocalSchema, SchemaChoice, SchemaTree } from '../../src-shared/ipc/requests/schemas';
import type { DatasetSummary } from '../../src-shared/platform/targets';
import { defaultDataset, fieldsMissingFrom } from '../../src-shared/mapping/default-target';
import { flattenFields } from '../../src-shared/xdm/field-tree';
import { activeConnectionId } from '../queries/server-cache';
import { serverQueries } from '../queries/server-queries';
import type { AppState } from './app-state';
import type { ServerAccess } from './server-access';
import { readInput } from './prepare-slice';

/** The steps of the Prepare screen once a file is shown: look at it, map it, run the job, upload what it wrote. */
export type PrepareStep = 'file' | 'map' | 'run' | 'upload';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface MappingPreview {
  problems: MappingProblem[];
  records: PreviewRecord[];
}

/** The rules and identities at one point of the editing, for undo and redo. */
export interface MappingSnapshot {
  rules: MappingRule[];
  identities: IdentityRule[];
}

/** Mapping edits that can be undone, newest last, and the ones undone that can be redone. */
export interface MappingHistory {
  undo: MappingSnapshot[];
  redo: MappingSnapshot[];
}

export const emptyHistory: MappingHistory = { undo: [], redo: [] };

/** Undo steps kept: a morning's edits, bounded. */
const MAX_UNDO = 200;

/** Edits of one rule this close together are one undo step: typing a field path is one edit. */
const COALESCE_MS = 1000;

export interface MappingSliceState {
  step: PrepareStep;
  /** The file the step and mapping belong to; another file starts again at "file". */
  forFile: string | null;
  localSchemas: LocalSchema[];
  /** The dataset the file will be loaded into; the target schema follows it (the Upload step starts from it). */
  dataset: Pick<DatasetSummary, 'id' | 'name' | 'schemaId'> | null;
  /** That dataset's schema, when it is not the target schema (to name what it lacks). */
  datasetTree: SchemaTree | null;
  schema: SchemaChoice | null;
  tree: SchemaTree | null;
  treeStatus: LoadStatus;
  suggestions: ColumnSuggestion[];
  /** The suggested mapping, until the user accepts it. */
  proposal: MappingFile | null;
  rules: MappingRule[];
  identities: IdentityRule[];
  preview: MappingPreview | null;
  previewStatus: LoadStatus;
  saved: SavedMapping[];
  error: AppErrorShape | null;
  /** A short confirmation (saved, loaded) shown until the next action. */
  notice: string | null;
  history: MappingHistory;
  /** Saved or imported mappings made for a file with this file's header, offered until used or dismissed. */
  offers: SavedMapping[];
}

export interface SavedFile {
  fileName: string;
  content: string;
  warnings: string[];
}

export interface MappingSlice {
  mapping: MappingSliceState;
  /** Goes to a step; entering "map" the first time loads the schemas and suggests a mapping. */
  goToStep(step: PrepareStep): Promise<void>;
  chooseSchema(choice: SchemaChoice): Promise<void>;
  /** The dataset to load into; the target schema follows it. */
  chooseMappingDataset(dataset: Pick<DatasetSummary, 'id' | 'name' | 'schemaId'>): Promise<void>;
  /** A schema JSON file the user dropped or picked: register it, then use it. */
  useSchemaFile(file: DroppedFile): Promise<void>;
  acceptSuggestions(): void;
  addRule(rule?: MappingRule): void;
  updateRule(index: number, rule: MappingRule): void;
  removeRule(index: number): void;
  addIdentity(identity: IdentityRule): void;
  updateIdentity(index: number, identity: IdentityRule): void;
  removeIdentity(index: number): void;
  /** Every identity at once (keeping one primary of a loaded mapping's several). */
  replaceIdentities(identities: IdentityRule[]): void;
  refreshPreview(): Promise<void>;
  saveMapping(name: string, format: 'xdm-loader' | 'data-prep'): Promise<SavedFile | null>;
  listSavedMappings(): Promise<void>;
  loadMapping(from: MappingLocation): Promise<void>;
  /** A mapping file the user dropped or picked (ours or an AEP mapping set). */
  loadMappingFile(file: DroppedFile): Promise<void>;
  /** The mapping as edited, for save and the prepare job. */
  currentMapping(): MappingFile;
  /** Puts back the rules and identities as they were before the last edit. */
  undoMapping(): void;
  /** Makes again the last edit undone. */
  redoMapping(): void;
  /** No longer offers the saved mappings made for this header. */
  dismissOffers(): void;
}

export const PREVIEW_SAMPLE_ROWS = 10;

const initial: MappingSliceState = {
  step: 'file',
  forFile: null,
  localSchemas: [],
  dataset: null,
  datasetTree: null,
  schema: null,
  tree: null,
  treeStatus: 'idle',
  suggestions: [],
  proposal: null,
  rules: [],
  identities: [],
  preview: null,
  previewStatus: 'idle',
  saved: [],
  error: null,
  notice: null,
  history: emptyHistory,
  offers: [],
};

/** Same choice? (Choices are small plain objects.) */
export function sameChoice(a: SchemaChoice | null, b: SchemaChoice | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The mapping step: target schema, rules and identities, sample records.
 * Why suggestions wait for acceptance: a wrong automatic mapping loads plausible wrong data, so
 * the proposal is shown with its scores and becomes the mapping only when the user says so.
 * Why counters: a schema choice or a preview may be overtaken by the next one; only the answer
 * to the latest request reaches the screen.
 * Why no `catch` around the bridge: both bridges answer every request and file with an envelope
 * and never reject, so a failure is read from `ok`; only the query cache throws (guessDataset).
 */
export const createMappingSlice =
  ({ bridge, client }: ServerAccess): StateCreator<AppState, [], [], MappingSlice> =>
  (set, get) => {
    let schemaAttempt = 0;
    let previewAttempt = 0;
    const patch = (next: Partial<MappingSliceState>): void => set((state) => ({ mapping: { ...state.mapping, ...next } }));

    async function loadSchemaLists(): Promise<void> {
      const local = await bridge.request('schemas.local', {});
      if (local.ok) patch({ localSchemas: local.value });
      else patch({ error: local.error });
    }

    /**
     * The dataset a new mapping starts from, when the Map step opens: from the active connection's
     * lists in the query cache (the pickers' own queries, fetched if not there yet). Offline, or
     * before the connections are known, there is none and the standard schema is used.
     */
    async function guessDataset(): Promise<MappingSliceState['dataset']> {
      const connectionId = activeConnectionId(client);
      if (connectionId === null) return null;
      try {
        const [schemas, datasets] = await Promise.all([
          client.fetchQuery(serverQueries.schemas(bridge, connectionId)),
          client.fetchQuery(serverQueries.datasets(bridge, connectionId)),
        ]);
        return defaultDataset(datasets, schemas, get().prepare.inspection?.columns ?? []) ?? null;
      } catch {
        return null;
      }
    }

    /** The chosen dataset's schema tree when it is not the target, to name the fields it lacks. */
    async function loadDatasetTree(): Promise<void> {
      const { dataset, tree } = get().mapping;
      const schemaId = dataset?.schemaId;
      if (!schemaId || !tree || tree.schemaId === schemaId) {
        patch({ datasetTree: null });
        return;
      }
      const reply = await bridge.request('schemas.tree', { schema: { kind: 'connection', schemaId } });
      if (get().mapping.dataset?.id === dataset.id) patch({ datasetTree: reply.ok ? reply.value : null });
    }

    async function choose(choice: SchemaChoice): Promise<void> {
      const fileRef = get().prepare.fileRef;
      const id = ++schemaAttempt;
      patch({
        schema: choice,
        tree: null,
        treeStatus: 'loading',
        suggestions: [],
        proposal: null,
        preview: null,
        previewStatus: 'idle',
        error: null,
        notice: null,
      });
      const [tree, suggested] = await Promise.all([
        bridge.request('schemas.tree', { schema: choice }),
        fileRef ? bridge.request('mapping.suggest', { fileRef, ...readInput(get()), schema: choice }) : Promise.resolve(null),
      ]);
      if (id !== schemaAttempt) return;
      if (!tree.ok) {
        patch({ treeStatus: 'error', error: tree.error });
        return;
      }
      patch({ tree: tree.value, treeStatus: 'ready' });
      void loadDatasetTree();
      if (suggested && !suggested.ok) patch({ error: suggested.error });
      else if (suggested) {
        patch({ suggestions: suggested.value.suggestions, proposal: suggested.value.mapping });
        // The first mapping of a file starts from the proposal, shown as pending until accepted.
      }
      await get().refreshPreview();
    }

    /** The file's header, as saved with a mapping and looked up for one. */
    const header = (): string[] => (get().prepare.inspection?.columns ?? []).map((c) => c.name);

    /** Offers the mappings kept for this header, when the file has no mapping yet. */
    async function lookUpOffers(fileRef: string): Promise<void> {
      // A refused lookup offers nothing: the steward maps from the suggestions as before.
      const reply = await bridge.request('mapping.forHeader', { header: header() });
      const { forFile, rules, identities } = get().mapping;
      if (reply.ok && forFile === fileRef && rules.length === 0 && identities.length === 0) patch({ offers: reply.value });
    }

    /** The last edit kept for undo: which rule it touched and when, to make typing one step. */
    let lastEdit: { key: string; at: number } | null = null;

    /** Keeps the mapping as it is before an edit; `key` names an edit that may merge with the one before. */
    const remember = (key?: string): void => {
      const now = Date.now();
      const merge = key !== undefined && lastEdit?.key === key && now - lastEdit.at < COALESCE_MS;
      lastEdit = key === undefined ? null : { key, at: now };
      if (merge) return;
      const { rules, identities, history } = get().mapping;
      patch({ history: { undo: [...history.undo, { rules, identities }].slice(-MAX_UNDO), redo: [] } });
    };

    const edit = (next: Partial<Pick<MappingSliceState, 'rules' | 'identities'>>, key?: string): void => {
      remember(key);
      patch({ ...next, notice: null });
      void get().refreshPreview();
    };

    /** Moves the mapping one step through its history, `from` one stack `to` the other. */
    const travel = (from: 'undo' | 'redo'): void => {
      const { rules, identities, history } = get().mapping;
      const target = history[from].at(-1);
      if (!target) return;
      const now = { rules, identities };
      lastEdit = null;
      patch({
        ...target,
        notice: null,
        history:
          from === 'undo'
            ? { undo: history.undo.slice(0, -1), redo: [...history.redo, now] }
            : { undo: [...history.undo, now], redo: history.redo.slice(0, -1) },
      });
      void get().refreshPreview();
    };

    return {
      mapping: initial,

      async goToStep(step) {
        const fileRef = get().prepare.fileRef;
        if (fileRef !== get().mapping.forFile) {
          // Another file: its columns differ, so the old mapping and preview no longer apply.
          schemaAttempt++;
          previewAttempt++;
          lastEdit = null;
          patch({
            forFile: fileRef,
            rules: [],
            identities: [],
            suggestions: [],
            proposal: null,
            preview: null,
            previewStatus: 'idle',
            tree: null,
            treeStatus: 'idle',
            history: emptyHistory,
            offers: [],
          });
        }
        patch({ step });
        if (step !== 'map' || get().mapping.treeStatus !== 'idle') return;
        const { rules, identities } = get().mapping;
        if (fileRef && rules.length === 0 && identities.length === 0) void lookUpOffers(fileRef);
        if (get().mapping.localSchemas.length === 0) await loadSchemaLists();
        // The mapping follows a dataset: the one already chosen, else the likeliest for these columns.
        if (!get().mapping.schema) {
          const dataset = get().mapping.dataset ?? (await guessDataset());
          if (dataset?.schemaId)
            patch({ dataset: { id: dataset.id, name: dataset.name, schemaId: dataset.schemaId }, schema: { kind: 'connection', schemaId: dataset.schemaId } });
        }
        const choice = get().mapping.schema ?? get().mapping.localSchemas[0]?.choice ?? null;
        if (choice) await choose(choice);
      },

      async chooseSchema(choice) {
        if (sameChoice(choice, get().mapping.schema) && get().mapping.treeStatus === 'ready') return;
        await choose(choice);
      },

      async chooseMappingDataset(dataset) {
        patch({ dataset: { id: dataset.id, name: dataset.name, schemaId: dataset.schemaId }, datasetTree: null });
        if (dataset.schemaId) await get().chooseSchema({ kind: 'connection', schemaId: dataset.schemaId });
        else await loadDatasetTree();
      },

      async useSchemaFile(file) {
        const reply = await bridge.registerFile(file);
        if (!reply.ok) {
          patch({ error: reply.error });
          return;
        }
        await choose({ kind: 'file', fileRef: reply.value.fileRef });
      },

      acceptSuggestions() {
        const proposal = get().mapping.proposal;
        if (!proposal) return;
        const { rules, identities } = get().mapping;
        const mapped = new Set(rules.map((r) => r.destination));
        const fresh = proposal.rules.filter((r) => !mapped.has(r.destination));
        const identityColumns = new Set(identities.map((i) => `${i.namespace}:${i.column}`));
        const freshIdentities = proposal.identities.filter((i) => !identityColumns.has(`${i.namespace}:${i.column}`));
        patch({ proposal: null });
        edit({ rules: [...rules, ...fresh], identities: [...identities, ...freshIdentities] });
      },

      addRule(rule) {
        const columns = get().prepare.inspection?.columns ?? [];
        if (rule) {
          edit({ rules: [...get().mapping.rules, rule] });
          return;
        }
        remember();
        patch({ rules: [...get().mapping.rules, { source: { kind: 'column', column: columns[0]?.name ?? 'column' }, destination: '' }], notice: null });
      },

      updateRule(index, rule) {
        edit({ rules: get().mapping.rules.map((r, i) => (i === index ? rule : r)) }, `rule:${index}`);
      },

      removeRule(index) {
        edit({ rules: get().mapping.rules.filter((_, i) => i !== index) });
      },

      addIdentity(identity) {
        edit({ identities: [...get().mapping.identities, identity] });
      },

      updateIdentity(index, identity) {
        // One primary identity per record: marking one primary unmarks the others.
        const identities = get().mapping.identities.map((x, i) => (i === index ? identity : identity.primary ? { ...x, primary: false } : x));
        edit({ identities }, `identity:${index}`);
      },

      removeIdentity(index) {
        edit({ identities: get().mapping.identities.filter((_, i) => i !== index) });
      },

      replaceIdentities(identities) {
        edit({ identities });
      },

      async refreshPreview() {
        const fileRef = get().prepare.fileRef;
        const { schema, treeStatus } = get().mapping;
        if (!fileRef || !schema || treeStatus !== 'ready') return;
        const id = ++previewAttempt;
        // Rules still being written (no destination yet) are left out until they name a field.
        const mapping = get().currentMapping();
        patch({ previewStatus: 'loading' });
        const reply = await bridge.request('mapping.preview', { fileRef, ...readInput(get()), schema, mapping, rows: PREVIEW_SAMPLE_ROWS });
        if (id !== previewAttempt) return;
        if (reply.ok) patch({ preview: { problems: reply.value.problems, records: reply.value.records }, previewStatus: 'ready' });
        else patch({ previewStatus: 'error', error: reply.error });
      },

      async saveMapping(name, format) {
        const reply = await bridge.request('mapping.save', { name, format, mapping: get().currentMapping(), header: header() });
        if (!reply.ok) {
          patch({ error: reply.error, notice: null });
          return null;
        }
        const others = get().mapping.saved.filter((s) => s.name !== reply.value.saved.name);
        patch({ saved: [reply.value.saved, ...others], error: null, notice: `Saved as “${reply.value.saved.name}”.` });
        return { fileName: reply.value.fileName, content: reply.value.content, warnings: reply.value.warnings };
      },

      async listSavedMappings() {
        const reply = await bridge.request('mapping.list', {});
        if (reply.ok) patch({ saved: reply.value });
        else patch({ error: reply.error });
      },

      async loadMapping(from) {
        const reply = await bridge.request('mapping.load', { from, ...(from.kind === 'file' ? { header: header() } : {}) });
        if (!reply.ok) {
          patch({ error: reply.error, notice: null });
          return;
        }
        const label = from.kind === 'saved' ? `“${from.name}”` : 'the file';
        edit({ rules: reply.value.mapping.rules, identities: reply.value.mapping.identities });
        const kept = reply.value.keptAs;
        patch({
          proposal: null,
          error: null,
          offers: [],
          notice: `Loaded ${label}${reply.value.importedFrom === 'data-prep' ? ' (an AEP Data Prep mapping set)' : ''}.${kept ? ` Kept as “${kept}” for files with this header.` : ''}`,
        });
        if (kept) void get().listSavedMappings();
      },

      async loadMappingFile(file) {
        const reply = await bridge.registerFile(file);
        if (!reply.ok) {
          patch({ error: reply.error });
          return;
        }
        await get().loadMapping({ kind: 'file', fileRef: reply.value.fileRef });
      },

      dismissOffers() {
        patch({ offers: [] });
      },

      undoMapping() {
        travel('undo');
      },

      redoMapping() {
        travel('redo');
      },

      currentMapping() {
        const { rules, identities, tree } = get().mapping;
        return {
          version: 1,
          ...(tree?.schemaId ? { schemaRef: { id: tree.schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' } } : {}),
          rules: rules.filter((r) => r.destination.trim() !== ''),
          identities,
        };
      },
    };
  };

const noRecords: PreviewRecord[] = [];
const noProblems: MappingProblem[] = [];

/** Reads of the mapping slice. */
export const mappingSelectors = {
  /** The step on screen: a file other than the mapped one starts at "file". */
  step: (state: AppState): PrepareStep => (state.mapping.forFile === state.prepare.fileRef ? state.mapping.step : 'file'),
  schema: (state: AppState) => state.mapping.schema,
  tree: (state: AppState) => state.mapping.tree,
  rules: (state: AppState) => state.mapping.rules,
  identities: (state: AppState) => state.mapping.identities,
  records: (state: AppState) => state.mapping.preview?.records ?? noRecords,
  problems: (state: AppState) => state.mapping.preview?.problems ?? noProblems,
  /** Score of the suggestion a rule came from, if it still maps that column there. */
  scoreOf: (state: AppState, rule: MappingRule): number | null => {
    if (rule.source.kind !== 'column') return null;
    const column = rule.source.column;
    const s = state.mapping.suggestions.find((x) => x.column === column);
    return s && s.path === rule.destination ? s.score : null;
  },
  /** Sample rows accepted, and issues by field then kind over the sample. */
  validation: (state: AppState) => summarise(state.mapping.preview?.records ?? noRecords),
};

/** The chosen dataset when its schema is not the target: with the mapped fields it lacks. */
export function datasetMismatch(mapping: MappingSliceState): { dataset: NonNullable<MappingSliceState['dataset']>; missing: string[] } | null {
  const { dataset, datasetTree, tree, rules, identities } = mapping;
  if (!dataset || !tree || !datasetTree || dataset.schemaId === tree.schemaId) return null;
  return { dataset, missing: fieldsMissingFrom({ rules, identities }, new Map(flattenFields(datasetTree).map((f) => [f.path, f]))) };
}

export interface ValidationSummary {
  rows: number;
  accepted: number;
  errors: number;
  warnings: number;
  /** `[field, kind, count]`, most frequent first. */
  byField: Array<{ field: string; kind: string; count: number; severity: 'error' | 'warning' }>;
}

/** Counts the sample's issues by field and kind (the job's summary does the same over the file). */
export function summarise(records: readonly PreviewRecord[]): ValidationSummary {
  const counts = new Map<string, { field: string; kind: string; count: number; severity: 'error' | 'warning' }>();
  let errors = 0;
  let warnings = 0;
  for (const record of records) {
    for (const issue of record.issues) {
      if (issue.severity === 'error') errors++;
      else warnings++;
      const field = issue.path.replace(/\[\d+\]/g, '[]') || '(record)';
      const key = `${field}\u0000${issue.kind}`;
      const entry = counts.get(key) ?? { field, kind: issue.kind, count: 0, severity: issue.severity };
      entry.count++;
      counts.set(key, entry);
    }
  }
  return {
    rows: records.length,
    accepted: records.filter((r) => r.accepted).length,
    errors,
    warnings,
    byField: [...counts.values()].sort((a, b) => b.count - a.count || a.field.localeCompare(b.field)),
  };
}

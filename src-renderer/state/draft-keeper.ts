import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { FileRef, XdmBridge } from '../../src-shared/ipc/contract';
import { type FileDraft, type RecentFile, DraftSchemaChoice } from '../../src-shared/ipc/requests/drafts';
import { IdentityRule, MappingRule } from '../../src-shared/mapping/mapping-types';
import { settingsOrNothing } from '../../src-shared/domain/read-settings';
import type { AppState } from './app-state';
import type { AppStore } from './app-store';
import { bridgeFailure } from './bridge-errors';
import { emptyHistory } from './mapping-slice';

/** What the Prepare screen tells the user about the shown file's draft. */
export type DraftNotice =
  | { kind: 'none' }
  /** The work saved for this file was put back. */
  | { kind: 'restored'; savedAt: string }
  /** A draft exists, but the file changed since: offered, not applied. */
  | { kind: 'changed'; savedAt: string; draft: FileDraft };

export interface DraftKeeperState {
  notice: DraftNotice;
  /** A draft that could not be saved: the user is told, and the next edit tries again. */
  saveError: AppErrorShape | null;
  recent: RecentFile[];
  recentError: AppErrorShape | null;
}

export interface DraftKeeper {
  state: StoreApi<DraftKeeperState>;
  /** Reads the recent files again (the File step's empty state shows them). */
  refreshRecent(): Promise<void>;
  /** Opens a recent file, as a drop would. */
  openRecent(id: string): Promise<void>;
  /** Applies the draft of a file that changed since, once the user asked for it. */
  restoreAnyway(): Promise<void>;
  /** Forgets the shown file's draft and starts its mapping over. */
  startOver(): Promise<void>;
  /** Sends a save still waiting for its quiet period (the page is going away). */
  flush(): void;
  dispose(): void;
}

/** Quiet period after the last edit before a draft is sent: typing a field path is one save. */
export const DRAFT_SAVE_DELAY_MS = 400;

/**
 * The draft of the file on the Prepare screen, kept by main as the user works, and put back when
 * the same file is opened again (after a reload, a restart, or another file in between).
 * Why beside the slices and not in them: it only watches the mapping and puts a draft back, so the
 * slices stay as they are and a draft never decides what a screen loads. Why it waits for the
 * lookup before saving: the empty state of a freshly opened file must not overwrite its draft.
 */
export function createDraftKeeper(store: AppStore, bridge: XdmBridge, options: { saveDelayMs?: number } = {}): DraftKeeper {
  const saveDelayMs = options.saveDelayMs ?? DRAFT_SAVE_DELAY_MS;
  const state = createStore<DraftKeeperState>()(() => ({ notice: { kind: 'none' }, saveError: null, recent: [], recentError: null }));
  /** The file watched; `armed` once its draft was looked up; `sent` is the last draft main has. */
  let current: { fileRef: FileRef | null; armed: boolean; sent: string | null } = { fileRef: null, armed: false, sent: null };
  let pending: { timer: ReturnType<typeof setTimeout>; save: () => void } | null = null;
  /** Counts restores; starting over or another file makes a restore still loading stale. */
  let restoreAttempt = 0;

  const shownFile = (s: AppState): FileRef | null => (s.prepare.status === 'ready' ? s.prepare.fileRef : null);

  function cancelPending(): void {
    if (pending) clearTimeout(pending.timer);
    pending = null;
  }

  function schedule(fileRef: FileRef, draft: FileDraft, text: string): void {
    cancelPending();
    const save = (): void => {
      pending = null;
      void bridge.request('drafts.save', { fileRef, draft }).then(
        (reply) => {
          if (reply.ok && current.fileRef === fileRef) current.sent = text;
          state.setState({ saveError: reply.ok ? null : reply.error });
        },
        (error: unknown) => state.setState({ saveError: bridgeFailure(error) }),
      );
    };
    pending = { timer: setTimeout(save, saveDelayMs), save };
  }

  function watchEdits(s: AppState, previous: AppState): void {
    const fileRef = current.fileRef;
    if (!fileRef || !current.armed || !relevantChange(s, previous)) return;
    const draft = draftOf(s, fileRef);
    if (!draft) return;
    const text = JSON.stringify(draft);
    if (text === current.sent) {
      cancelPending();
      return;
    }
    schedule(fileRef, draft, text);
  }

  async function apply(fileRef: FileRef, draft: FileDraft): Promise<void> {
    const attempt = ++restoreAttempt;
    // The file is read as the steward set it before the mapping (made for those columns) returns.
    if (draft.read) await store.getState().setReadSettings(draft.read);
    if (attempt !== restoreAttempt || current.fileRef !== fileRef) return;
    store.setState((s) => ({
      mapping: {
        ...s.mapping,
        forFile: fileRef,
        step: 'file',
        schema: draft.schema ?? s.mapping.schema,
        tree: null,
        treeStatus: 'idle',
        suggestions: [],
        proposal: null,
        rules: draft.rules,
        identities: draft.identities,
        preview: null,
        previewStatus: 'idle',
        error: null,
        notice: null,
        // Edits made before the restore belong to no mapping on screen: nothing to undo.
        history: emptyHistory,
        offers: [],
      },
      jobs: { ...s.jobs, outputFormat: draft.outputFormat, ...(draft.emptyIdentity ? { emptyIdentity: draft.emptyIdentity } : {}) },
    }));
    if (draft.step !== 'map') return;
    // The mapping step loads the schema and the preview itself, as for any first visit; the
    // suggestions it proposes again were already dealt with by the user who made the rules.
    await store.getState().goToStep('map');
    if (attempt !== restoreAttempt || (draft.rules.length === 0 && draft.identities.length === 0)) return;
    store.setState((s) => (s.mapping.forFile === fileRef ? { mapping: { ...s.mapping, proposal: null } } : {}));
  }

  function arm(fileRef: FileRef): void {
    if (current.fileRef !== fileRef) return;
    const draft = draftOf(store.getState(), fileRef);
    current.armed = true;
    current.sent = draft ? JSON.stringify(draft) : null;
  }

  async function lookUp(fileRef: FileRef): Promise<void> {
    let notice: DraftNotice = { kind: 'none' };
    let restore: FileDraft | null = null;
    try {
      const reply = await bridge.request('drafts.get', { fileRef });
      if (current.fileRef !== fileRef) return;
      if (reply.ok && reply.value.status === 'found') {
        restore = reply.value.draft;
        notice = { kind: 'restored', savedAt: reply.value.savedAt };
      } else if (reply.ok && reply.value.status === 'changed') {
        notice = { kind: 'changed', savedAt: reply.value.savedAt, draft: reply.value.draft };
      }
    } catch {
      // No draft service: the file opens as it would have without drafts.
    }
    if (current.fileRef !== fileRef) return;
    state.setState({ notice });
    if (restore) {
      // Armed first: the restore is itself an edit of an unchanged draft, so nothing is re-sent.
      arm(fileRef);
      current.sent = JSON.stringify(restore);
      await apply(fileRef, restore);
    } else arm(fileRef);
  }

  const unsubscribe = store.subscribe((s, previous) => {
    const fileRef = shownFile(s);
    if (fileRef !== current.fileRef) {
      // Another file (or none): what was waiting is the previous file's, still known to main.
      pending?.save();
      cancelPending();
      restoreAttempt++;
      current = { fileRef, armed: false, sent: null };
      state.setState({ notice: { kind: 'none' }, saveError: null });
      if (fileRef) void lookUp(fileRef);
      return;
    }
    watchEdits(s, previous);
  });

  async function refreshRecent(): Promise<void> {
    try {
      const reply = await bridge.request('files.recent', {});
      state.setState(reply.ok ? { recent: reply.value, recentError: null } : { recentError: reply.error });
    } catch (error) {
      state.setState({ recentError: bridgeFailure(error) });
    }
  }

  return {
    state,
    refreshRecent,

    async openRecent(id) {
      try {
        const reply = await bridge.request('files.openRecent', { id });
        if (!reply.ok) {
          // Gone since the list was read: the list is read again, without it.
          await refreshRecent();
          state.setState({ recentError: reply.error });
          return;
        }
        state.setState({ recentError: null });
        await store.getState().inspectFile(reply.value);
      } catch (error) {
        state.setState({ recentError: bridgeFailure(error) });
      }
    },

    async restoreAnyway() {
      const { notice } = state.getState();
      const fileRef = current.fileRef;
      if (notice.kind !== 'changed' || !fileRef) return;
      state.setState({ notice: { kind: 'restored', savedAt: notice.savedAt } });
      // Sent again for the file as it is now, so that the next opening finds it.
      current.sent = null;
      await apply(fileRef, notice.draft);
    },

    async startOver() {
      const fileRef = current.fileRef;
      if (!fileRef) return;
      cancelPending();
      restoreAttempt++;
      state.setState({ notice: { kind: 'none' } });
      // A mapping for no file: the next visit of the mapping step starts from the suggestions.
      store.setState((s) => ({ mapping: { ...s.mapping, forFile: null, step: 'file' } }));
      current.sent = null;
      try {
        await bridge.request('drafts.discard', { fileRef });
      } catch {
        // Nothing kept to forget, or main is gone: the screen has started over either way.
      }
    },

    flush() {
      pending?.save();
    },

    dispose() {
      cancelPending();
      unsubscribe();
    },
  };
}

/** Whether anything a draft holds may have changed (references: the slices replace what they edit). */
function relevantChange(s: AppState, previous: AppState): boolean {
  const [m, p] = [s.mapping, previous.mapping];
  return (
    m.forFile !== p.forFile ||
    m.step !== p.step ||
    m.schema !== p.schema ||
    m.rules !== p.rules ||
    m.identities !== p.identities ||
    s.prepare.read !== previous.prepare.read ||
    s.jobs.outputFormat !== previous.jobs.outputFormat ||
    s.jobs.emptyIdentity !== previous.jobs.emptyIdentity
  );
}

/**
 * The draft of the mapping on screen, or null when the mapping is not this file's yet.
 * Rules and identities still being written (an empty field) are left out: a draft holds what
 * main would accept in a mapping file.
 */
export function draftOf(s: AppState, fileRef: FileRef): FileDraft | null {
  const read = settingsOrNothing(s.prepare.read);
  if (s.mapping.forFile !== fileRef) {
    // Read settings are kept before any mapping exists: the steward may set them and reload.
    return read
      ? { schema: null, rules: [], identities: [], read, outputFormat: s.jobs.outputFormat, emptyIdentity: s.jobs.emptyIdentity, step: 'file' }
      : null;
  }
  const schema = DraftSchemaChoice.safeParse(s.mapping.schema);
  return {
    ...(read ? { read } : {}),
    schema: schema.success ? schema.data : null,
    rules: s.mapping.rules.filter((rule) => MappingRule.safeParse(rule).success),
    identities: s.mapping.identities.filter((identity) => IdentityRule.safeParse(identity).success),
    outputFormat: s.jobs.outputFormat,
    emptyIdentity: s.jobs.emptyIdentity,
    step: s.mapping.step === 'file' ? 'file' : 'map',
  };
}

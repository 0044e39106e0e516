import type { StateCreator } from 'zustand';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { FileRef } from '../../src-shared/ipc/contract';
import type { ProposeJobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import type { CreationReportShape, ProposeProgressShape, TargetClassChoice, TargetProposalShape } from '../../src-shared/ipc/requests/targets';
import { renameProposal } from '../../src-shared/platform/target-names';
import type { AppState } from './app-state';
import { activeConnectionId, invalidate } from '../queries/server-cache';
import { bridgeFailure } from './bridge-errors';
import { readInput } from './prepare-slice';
import type { MintJobId } from './job-ids';
import type { ServerAccess } from './server-access';

/** Where the panel is: reading the file, showing the proposal, creating, created. */
export type TargetFromFileStatus = 'closed' | 'reading' | 'ready' | 'failed' | 'creating' | 'created';

/** What the steward may change and have the file read again for: the class, the primary identity. */
export interface ProposalChoices {
  class?: TargetClassChoice;
  identity?: { column: string; namespace: string };
}

export interface TargetFromFileState {
  status: TargetFromFileStatus;
  /** The dropped file the proposal is for; another file closes the panel's work. */
  forFile: FileRef | null;
  /** The connection the target is proposed and created on. */
  connectionId: string | null;
  jobId: JobId | null;
  progress: ProposeProgressShape | null;
  proposal: TargetProposalShape | null;
  /** The names as typed (schema title, dataset name); the proposal's until edited. */
  names: { schemaTitle: string; datasetName: string };
  /** What exists already and what would be created (a dry run as the proposal arrives). */
  plan: CreationReportShape | null;
  /** The last creation: complete, or the step that failed with what exists. */
  report: CreationReportShape | null;
  error: AppErrorShape | null;
  errorDetail: string | null;
  /** The target last created for a file: kept when the panel closes or reads the file again, for the Upload step's default. */
  created: { forFile: FileRef; connectionId: string | null; datasetId: string } | null;
}

export interface TargetFromFileSlice {
  targetFromFile: TargetFromFileState;
  /** Opens the panel and reads the current file for a proposal (class and identity guessed unless chosen). */
  proposeTarget(choices?: ProposalChoices): Promise<void>;
  cancelProposal(): Promise<void>;
  renameTarget(names: { schemaTitle: string; datasetName: string }): void;
  /** Creates the target as proposed and named (again after a failure: goes on from the failed step). */
  createTarget(): Promise<void>;
  closeTargetFromFile(): void;
  applyProposeEvent(event: ProposeJobEvent): void;
}

/** How long typing must pause before the plan is asked again for the new names. */
export const REPLAN_DELAY_MS = 400;

const initial: TargetFromFileState = {
  status: 'closed',
  forFile: null,
  connectionId: null,
  jobId: null,
  progress: null,
  proposal: null,
  names: { schemaTitle: '', datasetName: '' },
  plan: null,
  report: null,
  error: null,
  errorDetail: null,
  created: null,
};

/**
 * A Profile-ready target created from the dropped file, opened from the Map step (issue 15).
 * Why a slice of its own: the proposal is a job (the whole file is read in main's file worker),
 * and once the target exists the mapping points at it and the upload defaults to its dataset;
 * those hand-overs are two writes into the other slices, kept here so they read together.
 */
export const createTargetFromFileSlice =
  ({ bridge, client }: ServerAccess, mintJobId: MintJobId): StateCreator<AppState, [], [], TargetFromFileSlice> =>
  (set, get) => {
    let replan: ReturnType<typeof setTimeout> | undefined;
    const patch = (next: Partial<TargetFromFileState>): void => set((state) => ({ targetFromFile: { ...state.targetFromFile, ...next } }));
    const named = (): TargetProposalShape | null => {
      const { proposal, names } = get().targetFromFile;
      return proposal ? renameProposal(proposal, names) : null;
    };

    /** Asks what exists already, so the panel says "found" rather than "will create" for a file seen before. */
    async function plan(jobId: JobId): Promise<void> {
      const proposal = named();
      if (!proposal) return;
      const connectionId = get().targetFromFile.connectionId;
      try {
        const reply = await bridge.request('targets.create', { proposal, dryRun: true, ...(connectionId ? { connectionId } : {}) });
        // A creation that started meanwhile reports for itself.
        if (get().targetFromFile.jobId !== jobId || get().targetFromFile.status !== 'ready') return;
        patch(reply.ok ? { plan: reply.value, report: null } : { plan: null, error: reply.error });
      } catch (error) {
        if (get().targetFromFile.jobId === jobId) patch({ error: bridgeFailure(error) });
      }
    }

    /** The mapping now targets the new schema, with the rules the proposal implies; the upload defaults to the new dataset. */
    async function handOver(report: CreationReportShape): Promise<void> {
      const { connectionId } = get().targetFromFile;
      if (!report.schemaId || !report.mapping) return;
      // The schema picker and the Upload step's datasets list the new ones.
      if (connectionId) await invalidate.targets(client, connectionId);
      await get().chooseSchema({ kind: 'connection', schemaId: report.schemaId, ...(connectionId ? { connectionId } : {}) });
      const { rules, identities } = report.mapping;
      set((state) => ({ mapping: { ...state.mapping, rules, identities, proposal: null, notice: 'The mapping targets the new schema.' } }));
      void get().refreshPreview();
    }

    return {
      targetFromFile: initial,

      async proposeTarget(choices = {}) {
        const fileRef = get().prepare.fileRef;
        if (!fileRef) return;
        const jobId = mintJobId();
        const connectionId = activeConnectionId(client);
        const previous = get().targetFromFile;
        const names = previous.forFile === fileRef ? previous.names : initial.names;
        set({ targetFromFile: { ...initial, status: 'reading', forFile: fileRef, connectionId, jobId, names, created: previous.created } });
        const choiceInput = {
          ...(choices.class ? { class: choices.class } : {}),
          ...(choices.identity ? { identity: choices.identity } : {}),
        };
        try {
          const reply = await bridge.request('targets.propose', {
            jobId,
            fileRef,
            ...readInput(get()),
            choices: choiceInput,
            ...(connectionId ? { connectionId } : {}),
          });
          if (!reply.ok && get().targetFromFile.jobId === jobId) patch({ status: 'failed', error: reply.error });
        } catch (error) {
          if (get().targetFromFile.jobId === jobId) patch({ status: 'failed', error: bridgeFailure(error) });
        }
      },

      async cancelProposal() {
        const { jobId, status } = get().targetFromFile;
        if (!jobId || status !== 'reading') return;
        try {
          await bridge.request('jobs.cancel', { jobId });
        } catch {
          // The job's failed event says how it ended; a lost reply changes nothing here.
        }
      },

      renameTarget(names) {
        patch({ names });
        // Names decide what is found (a schema and a dataset are found by name): look again once typing pauses.
        clearTimeout(replan);
        const { jobId, status } = get().targetFromFile;
        if (jobId && status === 'ready' && names.schemaTitle.trim() !== '' && names.datasetName.trim() !== '')
          replan = setTimeout(() => void plan(jobId), REPLAN_DELAY_MS);
      },

      async createTarget() {
        const proposal = named();
        const { connectionId, jobId } = get().targetFromFile;
        if (!proposal) return;
        clearTimeout(replan);
        patch({ status: 'creating', error: null });
        try {
          const reply = await bridge.request('targets.create', { proposal, ...(connectionId ? { connectionId } : {}) });
          if (get().targetFromFile.jobId !== jobId) return;
          if (!reply.ok) {
            patch({ status: 'ready', error: reply.error });
            return;
          }
          const { complete, datasetId } = reply.value;
          const fileRef = get().targetFromFile.forFile;
          patch({
            status: complete ? 'created' : 'ready',
            report: reply.value,
            plan: reply.value,
            ...(complete && datasetId && fileRef ? { created: { forFile: fileRef, connectionId, datasetId } } : {}),
          });
          if (reply.value.complete) await handOver(reply.value);
        } catch (error) {
          if (get().targetFromFile.jobId === jobId) patch({ status: 'ready', error: bridgeFailure(error) });
        }
      },

      closeTargetFromFile() {
        void get().cancelProposal();
        const { forFile, names, created } = get().targetFromFile;
        // A created target stays known for the file: the Upload step defaults to its dataset.
        set({ targetFromFile: { ...initial, forFile, names, created } });
      },

      applyProposeEvent(event) {
        const current = get().targetFromFile;
        if (event.jobId !== current.jobId || current.status !== 'reading') return;
        switch (event.phase) {
          case 'progress':
            patch({ progress: event.progress });
            break;
          case 'finished': {
            const { proposal } = event;
            const typed = current.names.schemaTitle !== '' ? current.names : { schemaTitle: proposal.schemaTitle, datasetName: proposal.dataset.name };
            patch({ status: 'ready', proposal, names: typed });
            void plan(event.jobId);
            break;
          }
          case 'failed':
            patch({ status: 'failed', error: event.error, errorDetail: event.detail ?? null });
            break;
        }
      },
    };
  };

/** The dataset the Upload step should default to for this file on the active connection: the one created from it, if any. */
export function createdDatasetFor(state: AppState, fileRef: FileRef, activeId: string | null): string | null {
  const { created } = state.targetFromFile;
  if (!created || created.forFile !== fileRef) return null;
  return created.connectionId === activeId ? created.datasetId : null;
}

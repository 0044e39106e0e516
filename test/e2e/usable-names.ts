/**
 * Every screen and dialog of the app that `checkUsable` checks (issue 16, item 7): the name of
 * its screenshots under test-results/screenshots/usable/ and what of the app it shows, a screen
 * of the navigation, a step of Prepare, or the renderer file of a dialog or popover.
 * Why a list: `checkUsable` takes only these names, and `test/lint/usable-checks.test.ts` fails
 * when a listed name has no check in a spec, or when a screen, a step or a file with a dialog
 * has no entry here, so a new dialog cannot go unchecked unnoticed.
 * Why no imports: the unit test reads it without Playwright.
 */

/** What a check shows: a navigation screen's id, a Prepare step's id, or a dialog's source file. */
export type UsableWhere = { screen: string } | { step: string } | { dialog: string };

const dialogs = 'src-renderer/features';

export const usableChecks = [
  { name: 'connections', where: { screen: 'connections' } },
  { name: 'connections-add-dialog', where: { dialog: `${dialogs}/connections/connection-form-dialog.tsx` } },
  { name: 'connections-edit-dialog', where: { dialog: `${dialogs}/connections/connection-form-dialog.tsx` } },
  { name: 'connection-form-no-keychain', where: { dialog: `${dialogs}/connections/connection-form-dialog.tsx` } },
  { name: 'connections-delete-dialog', where: { dialog: `${dialogs}/connections/delete-connection-dialog.tsx` } },
  { name: 'targets', where: { screen: 'targets' } },
  { name: 'targets-new-dataset-dialog', where: { dialog: `${dialogs}/targets/create-dataset-dialog.tsx` } },
  { name: 'targets-enable-dialog', where: { dialog: `${dialogs}/targets/enable-profile-dialog.tsx` } },
  { name: 'targets-enable-schema-dialog', where: { dialog: `${dialogs}/targets/enable-profile-dialog.tsx` } },
  { name: 'prepare-empty', where: { screen: 'prepare' } },
  { name: 'file', where: { step: 'file' } },
  { name: 'file-read-settings', where: { step: 'file' } },
  { name: 'file-column-menu', where: { step: 'file' } },
  { name: 'map', where: { step: 'map' } },
  { name: 'map-first-run-hint', where: { step: 'map' } },
  { name: 'map-undo-unmapped', where: { step: 'map' } },
  { name: 'map-saved-offer', where: { step: 'map' } },
  { name: 'map-save-dialog', where: { dialog: `${dialogs}/mapping/mapping-files.tsx` } },
  { name: 'map-load-dialog', where: { dialog: `${dialogs}/mapping/mapping-files.tsx` } },
  { name: 'map-term-help', where: { dialog: `${dialogs}/help/term-help.tsx` } },
  { name: 'target-from-file-dialog', where: { dialog: `${dialogs}/target-from-file/target-from-file-dialog.tsx` } },
  { name: 'target-from-file-term-help', where: { dialog: `${dialogs}/help/term-help.tsx` } },
  { name: 'prepare', where: { step: 'run' } },
  { name: 'prepare-summary-results', where: { step: 'run' } },
  { name: 'prepare-rejects-pages', where: { step: 'run' } },
  { name: 'prepare-warnings-pages', where: { step: 'run' } },
  { name: 'upload', where: { step: 'upload' } },
  { name: 'upload-sent-before', where: { step: 'upload' } },
  { name: 'upload-fix-dialog', where: { dialog: `${dialogs}/upload/preflight-fix-dialog.tsx` } },
  { name: 'jobs', where: { screen: 'jobs' } },
  { name: 'jobs-history-stream', where: { screen: 'jobs' } },
  { name: 'jobs-history-sent-again', where: { screen: 'jobs' } },
  { name: 'upload-failure-details', where: { screen: 'jobs' } },
  { name: 'jobs-upload-again-dialog', where: { dialog: `${dialogs}/jobs/upload-again-button.tsx` } },
  { name: 'jobs-cancel-dialog', where: { dialog: `${dialogs}/jobs/job-controls.tsx` } },
  { name: 'batches', where: { screen: 'batches' } },
  { name: 'batches-filtered', where: { screen: 'batches' } },
  { name: 'batch-detail', where: { screen: 'batches' } },
  { name: 'batches-revert-dialog', where: { dialog: `${dialogs}/batches/revert-batch.tsx` } },
  { name: 'batches-reverted', where: { screen: 'batches' } },
  { name: 'profiles', where: { screen: 'profiles' } },
  { name: 'profile-badges', where: { screen: 'profiles' } },
  { name: 'settings', where: { screen: 'settings' } },
  { name: 'settings-dark', where: { screen: 'settings' } },
  { name: 'settings-session-secret', where: { screen: 'settings' } },
  { name: 'settings-data-folder-typed', where: { screen: 'settings' } },
  { name: 'settings-data-folder-pending', where: { screen: 'settings' } },
] as const satisfies ReadonlyArray<{ name: string; where: UsableWhere }>;

/** The name of a screen or dialog check, as its screenshots are named. */
export type UsableName = (typeof usableChecks)[number]['name'];

import { AlertDialog } from '@adobe/react-spectrum';
import type { PreflightReportShape } from '../../../src-shared/ipc/requests/jobs';

export type PreflightFix = NonNullable<PreflightReportShape['checks'][number]['fix']>;

/**
 * Confirms a fix preflight offers, with main's statement of its consequence first.
 * Why a short button: the title names the change; the button only agrees to it.
 * Why main's words and not ours: the CLI's `preflight --fix` says the same thing, and the
 * consequence (a tag AEP never lets anyone remove) must read the same wherever it is accepted.
 */
export function PreflightFixDialog({ fix, target, onConfirm }: { fix: PreflightFix; target: string; onConfirm: () => void }) {
  return (
    <AlertDialog variant="warning" title={`${fix.label}?`} primaryActionLabel="Enable" cancelLabel="Cancel" onPrimaryAction={onConfirm}>
      <p className="confirm-text">
        Dataset <strong>{target}</strong>.
      </p>
      <p className="confirm-text">{fix.consequence}</p>
      {fix.irreversible ? <p className="confirm-text confirm-text--strong">Enabling for Profile cannot be undone.</p> : null}
    </AlertDialog>
  );
}

import { Button, Content, DialogContainer, Heading, InlineAlert, StatusLight } from '@adobe/react-spectrum';
import Alert from '@spectrum-icons/workflow/Alert';
import CheckmarkCircle from '@spectrum-icons/workflow/CheckmarkCircle';
import RemoveCircle from '@spectrum-icons/workflow/RemoveCircle';
import { useState } from 'react';
import type { PreflightReportShape } from '../../../src-shared/ipc/requests/jobs';
import { useAppStore } from '../../state/store-context';
import { PreflightFixDialog, type PreflightFix } from './preflight-fix-dialog';
import { checkLabel } from './preflight-words';

type Check = PreflightReportShape['checks'][number];

const statusWords: Record<Check['status'], string> = { passed: 'Passed', failed: 'Failed', warning: 'Warning', skipped: 'Skipped' };

function CheckIcon({ status }: { status: Check['status'] }) {
  if (status === 'passed') return <CheckmarkCircle size="S" UNSAFE_className="preflight-icon preflight-icon--passed" aria-hidden />;
  if (status === 'failed') return <Alert size="S" UNSAFE_className="preflight-icon preflight-icon--failed" aria-hidden />;
  if (status === 'warning') return <Alert size="S" UNSAFE_className="preflight-icon preflight-icon--warning" aria-hidden />;
  return <RemoveCircle size="S" UNSAFE_className="preflight-icon preflight-icon--skipped" aria-hidden />;
}

/**
 * One check: what was found and, when it failed, how to fix it and the fix itself.
 * Why the fix button only once: the dataset's Profile and Identity checks share one fix, and
 * offering it twice would read as two changes.
 */
function CheckRow({ check, fixShown, onFix }: { check: Check; fixShown: boolean; onFix: (fix: PreflightFix) => void }) {
  return (
    <li className={`preflight-check preflight-check--${check.status}`} aria-label={`${checkLabel(check.id)}: ${statusWords[check.status]}`}>
      <CheckIcon status={check.status} />
      <div className="preflight-check__head">
        <span className="preflight-check__label">{checkLabel(check.id)}</span>
        <span className={`preflight-check__status preflight-check__status--${check.status}`}>{statusWords[check.status]}</span>
      </div>
      <div className="preflight-check__body">
        <p className="preflight-check__message">{check.message}</p>
        {check.howToFix && check.status !== 'passed' ? (
          <p className="preflight-check__fix">
            <strong>How to fix:</strong> {check.howToFix}
          </p>
        ) : null}
        {check.fix && check.status !== 'passed' ? (
          fixShown ? (
            <Button variant="primary" onPress={() => check.fix && onFix(check.fix)}>
              {check.fix.label}…
            </Button>
          ) : (
            <p className="preflight-check__fix prepare-muted">Fixed by “{check.fix.label}” above.</p>
          )
        ) : null}
      </div>
    </li>
  );
}

/** The preflight report: its verdict, then every check in order. */
export function PreflightReport({ report, target }: { report: PreflightReportShape; target: string }) {
  const applyFix = useAppStore((s) => s.applyPreflightFix);
  const fixState = useAppStore((s) => s.uploads.draft?.fix ?? null);
  const [confirming, setConfirming] = useState<PreflightFix | null>(null);
  const failed = report.checks.filter((c) => c.status === 'failed').length;
  const warnings = report.checks.filter((c) => c.status === 'warning').length;
  const offered = new Set<string>();
  return (
    <div className="preflight">
      <StatusLight variant={report.ok ? 'positive' : 'negative'} role="status">
        {report.ok
          ? `Ready to upload${warnings > 0 ? `, with ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`
          : `${failed} check${failed === 1 ? '' : 's'} failed: fix ${failed === 1 ? 'it' : 'them'} before uploading`}
      </StatusLight>
      {fixState?.applied ? (
        <p className="preflight-applied" role="status">
          Applied: {fixState.applied}. The checks below were run again after it.
        </p>
      ) : null}
      <ul className="preflight-checks" aria-label="Preflight checks">
        {report.checks.map((check) => {
          const first = check.fix !== undefined && !offered.has(check.fix.id);
          if (check.fix) offered.add(check.fix.id);
          return <CheckRow key={check.id} check={check} fixShown={first} onFix={setConfirming} />;
        })}
      </ul>
      {fixState?.status === 'error' && fixState.error ? (
        <InlineAlert variant="negative">
          <Heading>The fix was not applied</Heading>
          <Content>{fixState.error.message}</Content>
        </InlineAlert>
      ) : null}
      <DialogContainer onDismiss={() => setConfirming(null)}>
        {confirming ? <PreflightFixDialog fix={confirming} target={target} onConfirm={() => void applyFix(confirming.id)} /> : null}
      </DialogContainer>
    </div>
  );
}

import { InlineAlert, Content, Heading, ProgressCircle } from '@adobe/react-spectrum';
import Alert from '@spectrum-icons/workflow/Alert';
import CheckmarkCircle from '@spectrum-icons/workflow/CheckmarkCircle';
import RemoveCircle from '@spectrum-icons/workflow/RemoveCircle';
import type { ConnectionTestStep } from '../../../src-shared/platform/connection-test-report';
import type { ConnectionTestState } from '../../state/connections-slice';
import { ErrorMessage } from '../../components/failure-details';

function StepIcon({ status }: { status: ConnectionTestStep['status'] }) {
  if (status === 'passed') return <CheckmarkCircle size="S" color="positive" aria-label="Passed" />;
  if (status === 'failed') return <Alert size="S" color="negative" aria-label="Failed" />;
  return <RemoveCircle size="S" UNSAFE_className="test-step__skipped" aria-label="Skipped" />;
}

/**
 * The last "Test connection" of one connection, step by step.
 * Why every step and not a verdict: the failed step says what to fix and where (a secret in
 * Developer Console, a product profile in Admin Console), and skipped ones say they were not tried.
 */
export function TestReportView({ test, name }: { test: ConnectionTestState; name: string }) {
  if (test.status === 'running') {
    return (
      <div className="test-report test-report--running" role="status">
        <ProgressCircle size="S" isIndeterminate aria-label={`Testing ${name}`} />
        <span>Testing {name}…</span>
      </div>
    );
  }
  if (test.error) {
    return (
      <InlineAlert variant="negative" UNSAFE_className="test-report">
        <Heading>The test could not run</Heading>
        <Content>
          <ErrorMessage message={test.error.message} />
        </Content>
      </InlineAlert>
    );
  }
  const report = test.report;
  if (!report) return null;
  const failed = report.steps.find((step) => step.status === 'failed');
  return (
    <section className={`test-report ${report.ok ? 'test-report--ok' : 'test-report--failed'}`} aria-label={`Test of ${name}`}>
      <h4 className="test-report__title" role={report.ok ? 'status' : 'alert'}>
        {report.ok ? 'The connection works' : `The test failed at “${failed?.label ?? 'a step'}”`}
      </h4>
      <ol className="test-report__steps">
        {report.steps.map((step) => (
          <li key={step.step} className={`test-step test-step--${step.status}`} aria-label={`${step.label}: ${step.status}`}>
            <StepIcon status={step.status} />
            <div className="test-step__text">
              <span className="test-step__label">
                {step.label}
                {step.status !== 'skipped' ? <span className="test-step__duration">{step.durationMs} ms</span> : null}
              </span>
              <span className="test-step__detail">{step.detail}</span>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

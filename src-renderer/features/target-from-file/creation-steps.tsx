import type { CreationReportShape } from '../../../src-shared/ipc/requests/targets';
import { stepStatusWords } from './proposal-words';

/**
 * What creating does, step by step in AEP's order, and where each step stands: before creating,
 * what exists already (a file seen before) and what will be created; after a failure, what
 * exists now and what does not, with the failed step's reason.
 */
export function CreationSteps({ report, title }: { report: CreationReportShape; title: string }) {
  return (
    <section aria-labelledby="creation-steps-heading" className="proposal-section">
      <h3 id="creation-steps-heading" className="proposal-section__title">
        {title}
      </h3>
      <ol className="creation-steps">
        {report.steps.map((step) => (
          <li key={step.step} className={`creation-step creation-step--${step.status}`} aria-label={`${step.what}: ${stepStatusWords[step.status]}`}>
            <span className="creation-step__status">{stepStatusWords[step.status]}</span>
            <span className="creation-step__what">{step.what}</span>
            {step.error ? <span className="creation-step__error">{step.error.message}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

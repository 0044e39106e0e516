import { Content, Heading, InlineAlert } from '@adobe/react-spectrum';
import type { InspectionWarning } from '../../../src-shared/domain/inspection';

/**
 * What looked wrong in the head of the file but did not stop the preview (ragged rows,
 * duplicate column names...). Why a notice and not an error: the file can still be mapped,
 * but the steward should know before trusting the inferred columns.
 */
export function InspectionWarnings({ warnings }: { warnings: readonly InspectionWarning[] }) {
  if (warnings.length === 0) return null;
  const title = warnings.length === 1 ? '1 thing to check' : `${warnings.length} things to check`;
  return (
    <section aria-label="Warnings">
      <InlineAlert variant="notice">
        <Heading>{title}</Heading>
        <Content>
          <ul className="prepare-warnings__list">
            {warnings.map((warning, index) => (
              <li key={`${warning.kind}:${index}`}>{warning.message}</li>
            ))}
          </ul>
        </Content>
      </InlineAlert>
    </section>
  );
}

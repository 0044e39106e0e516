/**
 * The raw message of a job's unexpected failure, one click away under the words that explain it.
 * Why hidden by default: it is written for whoever fixes the app (it is in main's log too, with
 * the job id); the steward reads the words above it first.
 */
export function FailureDetails({ detail }: { detail: string | null }) {
  if (detail === null) return null;
  return (
    <details className="failure-details">
      <summary>Details</summary>
      <pre className="failure-details__text">{detail}</pre>
    </details>
  );
}

/**
 * The raw message of a job's unexpected failure, one click away under the words that explain it,
 * with the job's id.
 * Why hidden by default: it is written for whoever fixes the app; the steward reads the words above
 * it first. Why the id: main's log holds the failure under it (job-registry.ts), so a steward who
 * reports the problem can name the very entry.
 */
export function FailureDetails({ detail, jobId }: { detail: string | null; jobId?: string | null }) {
  if (detail === null) return null;
  return (
    <details className="failure-details">
      <summary>Details</summary>
      {jobId ? (
        <p className="failure-details__job">
          Job <code>{jobId}</code>: the app’s log holds this failure under that id.
        </p>
      ) : null}
      <pre className="failure-details__text">{detail}</pre>
    </details>
  );
}

/**
 * An error message whose first line is the steward's and whose further lines, when it has any,
 * are for whoever looks after the computer (main writes keychain failures that way).
 * Why: "D-Bus" and `dbus-run-session` are a remedy for an administrator, not words a steward
 * should have to read first; they stay one click away.
 */
export function ErrorMessage({ message }: { message: string }) {
  const cut = message.indexOf('\n');
  if (cut < 0) return <>{message}</>;
  return (
    <>
      {message.slice(0, cut)}
      <FailureDetails detail={message.slice(cut + 1)} />
    </>
  );
}

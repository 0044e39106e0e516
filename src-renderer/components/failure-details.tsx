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

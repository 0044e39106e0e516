import { StatusLight } from '@adobe/react-spectrum';
import { statusView } from './batch-words';

/**
 * A batch's status as a light with a word.
 * Why words as well as color: "failed" and "aborted" differ in what to do next, and color alone
 * does not say it to everyone.
 */
export function BatchStatus({ status }: { status: string }) {
  const view = statusView(status);
  return (
    <StatusLight variant={view.variant} UNSAFE_className="batch-status">
      {view.label}
    </StatusLight>
  );
}

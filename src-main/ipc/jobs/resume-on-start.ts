import type { LocalUploadShape } from '../../../src-shared/ipc/requests/uploads';
import type { RequestContext } from '../context';
import type { Router } from '../router';
import { newJobId } from './job-registry';

/** What starting the app did with the uploads it found cut short. */
export interface ResumeOnStartReport {
  /** Uploads started again, with the app job that now runs each. */
  resumed: Array<{ jobDir: string; jobId: string }>;
  /** Interrupted uploads left for the steward, each with why (no saved connection matches, input gone...). */
  left: Array<{ jobDir: string; reason: string }>;
}

/**
 * Resumes the uploads a crash, a kill or a closed window cut short, when the app starts.
 * Why automatically: the steward asked for those records to be loaded and the journal knows
 * exactly what is confirmed, so resuming sends only the rest; waiting for a click would leave a
 * batch open in AEP for nothing. Why through the router: `uploads.list` and `uploads.resume` are
 * the same requests the Jobs screen makes, with their checks (a matching saved connection, an
 * unchanged input, no second runner), so nothing here can resume what the screen would refuse.
 * An upload that cannot be resumed stays listed as interrupted, with its Resume button.
 */
export async function resumeInterruptedUploads(router: Router<RequestContext>, ctx: RequestContext): Promise<ResumeOnStartReport> {
  const report: ResumeOnStartReport = { resumed: [], left: [] };
  const listed = await router.handle('uploads.list', { limit: 200 }, ctx);
  if (!listed.ok) {
    report.left.push({ jobDir: '', reason: listed.error.message });
    return report;
  }
  const interrupted = (listed.value as LocalUploadShape[]).filter((u) => u.state === 'interrupted');
  // One after the other: each resume starts a worker and may start the Local sandbox.
  for (const upload of interrupted) {
    if (upload.connectionId === undefined) {
      report.left.push({ jobDir: upload.jobDir, reason: 'no saved connection matches the target it was sent to' });
      continue;
    }
    const reply = await router.handle('uploads.resume', { jobId: newJobId(), jobDir: upload.jobDir }, ctx);
    if (reply.ok) report.resumed.push({ jobDir: upload.jobDir, jobId: (reply.value as { jobId: string }).jobId });
    else report.left.push({ jobDir: upload.jobDir, reason: reply.error.message });
  }
  return report;
}

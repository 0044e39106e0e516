import path from 'node:path';
import type { FailedRecordShape } from '../../../src-shared/ipc/requests/batches';
import { downloadFailedRecords, failedRecordOf, readFailedRecords } from '../jobs/upload/index';
import { getBatch } from '../platform/catalog';
import type { ConnectionRef, ConnectionService } from '../platform/connection-service';
import { clientOf } from './connection-client';
import type { UploadHistory } from './upload-history';

export interface FailedRecordsDownload {
  /** The folder holding the downloaded failed-record files. */
  dir: string;
  files: string[];
}

export interface FailedRecordsService {
  /**
   * Downloads a batch's failed records (Data Access), each with its validation errors, into `dir`;
   * by default beside the job that sent the batch (as the upload job saves them), else in `<dataDir>/failed`.
   */
  download(input: { batchId: string; connection?: ConnectionRef; dir?: string; signal?: AbortSignal }): Promise<FailedRecordsDownload>;
  /** Downloads them (default folder), and reads only the first `limit` records (one more tells whether there are more). */
  sample(input: {
    batchId: string;
    connection?: ConnectionRef;
    limit: number;
    signal?: AbortSignal;
  }): Promise<FailedRecordsDownload & { rows: unknown[]; records: FailedRecordShape[]; truncated: boolean }>;
}

export interface FailedRecordsServiceDeps {
  connections: ConnectionService;
  history: UploadHistory;
  dataDir: string;
}

/**
 * A batch's failed records for the Batches screen and `xdm-loader failed`.
 * Why streamed and to disk: a failed batch can hold millions of rejected records; the screen shows
 * a first page, and the files stay for the steward to open.
 */
export function createFailedRecordsService(deps: FailedRecordsServiceDeps): FailedRecordsService {
  async function download({ batchId, connection, dir, signal }: Parameters<FailedRecordsService['download']>[0]): Promise<FailedRecordsDownload> {
    const client = await clientOf(deps.connections, connection);
    // Data Access answers an unknown batch as one without failed records: ask Catalog first, so a
    // mistyped id is an error (NOT_FOUND), not "no failed records", on the screen and in the CLI.
    await getBatch(client, batchId, signal);
    const into = dir ?? (await defaultFolder(batchId));
    return { dir: into, files: await downloadFailedRecords(client, batchId, into, signal) };
  }

  async function defaultFolder(batchId: string): Promise<string> {
    const sent = await deps.history.findBatch(batchId);
    const safe = batchId.replace(/[^\w.-]+/g, '_');
    return sent ? path.join(sent.job.jobDir, `failed-${safe}`) : path.join(deps.dataDir, 'failed', safe);
  }

  return {
    download,
    async sample({ limit, ...input }) {
      const downloaded = await download(input);
      const { rows, truncated } = await readFailedRecords(downloaded.files, limit);
      // The screen shows each record with its errors; the raw rows are what a download holds.
      return { ...downloaded, rows, records: rows.map(failedRecordOf), truncated };
    },
  };
}

/**
 * Streaming ingestion routes (`/collection/{inletId}` and `/collection/batch/{inletId}`).
 *
 * Any inlet id is accepted (the sandbox has no Flow Service); the envelope's `header.datasetId`
 * picks the dataset. With `syncValidation=true` an invalid record is dropped and answered 400 with
 * `_streamingValidation`; otherwise it is accepted and lands in the dataset's streaming batch as a
 * failed record (readable through Data Access `/failed`). Valid records reach the dataset and, when
 * enabled, Profile at once. Bodies over 1 MB get 413 (aep-notes §7).
 */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { newBatchDocument, updateBatch } from '../batches';
import { serviceCaller } from '../caller';
import { profileEnabled, schemaIdOf } from '../datasets';
import { ApiError } from '../http/errors';
import { anyCase, firstValues, queryValue } from '../http/schema-parts';
import { hexId, ulid } from '../ids';
import { isJsonObject, type JsonObject } from '../json';
import { toProfileInput } from '../processing/batch-processor';
import { knownNamespaceCodes } from '../namespaces';
import { FileArea } from '../store/file-area';
import { EVENT_CLASS } from '../xdm/schema-registry-store';
import type { ValidationError } from '../xdm/record-validator';

const ONE_MB = 1024 * 1024;

/** The batch endpoint's envelope; each message is checked on its own, answering per message. */
const BATCH_BODY = { type: 'object', required: ['messages'], properties: { messages: { type: 'array', description: 'a list of messages' } } } as const;

/**
 * The single-message endpoint's query: `syncValidation` is a boolean (streaming-ingestion.yaml), and
 * so is the record-streaming tutorial's `synchronousValidation`; either in any letter case. Its body is
 * not checked by schema: a message's faults are answered in DCCS's own words ("Message has unknown xdm
 * format"), the same for a message alone and inside a batch, where each is answered on its own.
 */
const BOOLEAN = queryValue(anyCase(['true', 'false']), 'true or false');
const MESSAGE_QUERY = { type: 'object', properties: { syncValidation: BOOLEAN, synchronousValidation: BOOLEAN } } as const;

type Outcome = { ok: true; xactionId: string } | { ok: false; message: string; errors?: ValidationError[] };

export function registerStreamingRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  let seq = 0;
  const xaction = (): string => `${Date.now()}:${process.pid % 10000}:${(seq += 1)}`;

  /** The dataset's open streaming batch (one per dataset per day), created on demand. */
  const streamingBatch = (sandbox: string, datasetId: string): string => {
    const day = new Date().toISOString().slice(0, 10);
    const existing = ctx.docs
      .list<JsonObject>(sandbox, 'batch')
      .find(
        (b) =>
          isJsonObject(b.tags) &&
          Array.isArray(b.tags.acp_streamingDay) &&
          b.tags.acp_streamingDay[0] === day &&
          Array.isArray(b.relatedObjects) &&
          isJsonObject(b.relatedObjects[0]) &&
          b.relatedObjects[0].id === datasetId,
      );
    if (existing) return String(existing.id);
    const id = ulid();
    const batch = newBatchDocument(
      ctx.credentials.orgId,
      sandbox,
      id,
      { datasetId, status: 'success', inputFormat: { format: 'json' }, tags: { acp_streamingDay: [day], acp_stagePath: ['streaming'] } },
      serviceCaller('dcs'),
    );
    const now = Number(batch.created);
    ctx.docs.put(sandbox, 'batch', id, {
      ...batch,
      started: now,
      completed: now,
      metrics: { inputRecordCount: 0, outputRecordCount: 0, failedRecordCount: 0 },
      recordCount: 0,
      failedRecordCount: 0,
    });
    return id;
  };

  const count = (sandbox: string, datasetId: string, batchId: string, ok: boolean, line: string): void => {
    const dir = ok ? ctx.files.outputDir(sandbox, batchId) : ctx.files.failedDir(sandbox, batchId);
    const file = path.join(dir, ok ? `part-00000-${batchId}.json` : `part-00000-${batchId}-c000.json`);
    FileArea.ensureParent(file);
    appendFileSync(file, `${line}\n`);
    updateBatch(ctx.docs, sandbox, batchId, (b) => {
      const m = isJsonObject(b.metrics) ? b.metrics : {};
      m.inputRecordCount = Number(m.inputRecordCount ?? 0) + 1;
      if (ok) m.outputRecordCount = Number(m.outputRecordCount ?? 0) + 1;
      else m.failedRecordCount = Number(m.failedRecordCount ?? 0) + 1;
      b.metrics = m;
      b.recordCount = Number(m.outputRecordCount ?? 0);
      b.failedRecordCount = Number(m.failedRecordCount ?? 0);
    });
    if (ok && ctx.docs.count(sandbox, 'datasetFile', batchId) === 0) {
      const ds = ctx.docs.get<JsonObject>(sandbox, 'dataset', datasetId);
      const fileId = hexId();
      ctx.docs.put(
        sandbox,
        'datasetFile',
        fileId,
        {
          dataSetFileId: fileId,
          dataSetViewId: String(ds?.viewId ?? ''),
          version: '1.0.0',
          created: String(Date.now()),
          updated: String(Date.now()),
          records: '1',
          size: '0',
          isValid: true,
          name: path.basename(file),
          batchId,
        },
        batchId,
      );
    }
  };

  const handle = (req: FastifyRequest, message: unknown, inletId: string, sync: boolean): Outcome => {
    const sandbox = req.sandboxName;
    const prefix = `inletId: [${inletId}] imsOrgId: [${ctx.credentials.orgId}]`;
    if (!isJsonObject(message) || !isJsonObject(message.body)) return { ok: false, message: `${prefix} Message has unknown xdm format` };
    const header = isJsonObject(message.header) ? message.header : {};
    if (header.imsOrgId !== undefined && header.imsOrgId !== ctx.credentials.orgId)
      return { ok: false, message: `${prefix} Message has an absent or wrong ims org in the header` };
    const entity = message.body.xdmEntity;
    if (!isJsonObject(entity)) return { ok: false, message: `${prefix} Payload body is missing xdmEntity` };
    const datasetId = typeof header.datasetId === 'string' ? header.datasetId : undefined;
    const dataset = datasetId ? ctx.docs.get<JsonObject>(sandbox, 'dataset', datasetId) : undefined;
    if (!datasetId || !dataset) return { ok: false, message: `${prefix} Dataset ${String(datasetId)} was not found` };
    const schemaId = schemaIdOf(dataset) ?? '';
    const refs = [header.schemaRef, isJsonObject(message.body.xdmMeta) ? message.body.xdmMeta.schemaRef : undefined];
    if (refs.some((r) => isJsonObject(r) && typeof r.id === 'string' && r.id !== schemaId))
      return { ok: false, message: `${prefix} The schemaRef does not match the dataset's schema` };
    const outcome = ctx.registry.validatorFor(sandbox, schemaId).validate(entity);
    const errors =
      outcome.kind === 'ok'
        ? []
        : outcome.kind === 'rejected'
          ? outcome.errors
          : [{ causingExceptions: [], keyword: 'type', message: outcome.message, pointerToViolation: outcome.pointer, schemaLocation: outcome.pointer }];
    if (outcome.kind !== 'ok') {
      if (sync) return { ok: false, message: `${prefix} Message is invalid`, errors };
      const batchId = streamingBatch(sandbox, datasetId);
      count(sandbox, datasetId, batchId, false, JSON.stringify({ ...entity, _validationErrors: errors }));
      return { ok: true, xactionId: xaction() };
    }
    const batchId = streamingBatch(sandbox, datasetId);
    count(sandbox, datasetId, batchId, true, JSON.stringify(outcome.record));
    if (profileEnabled(ctx, sandbox, dataset)) {
      const schema = ctx.registry.findSchema(sandbox, schemaId);
      ctx.profiles.add(sandbox, batchId, datasetId, [
        toProfileInput(
          outcome.record,
          ctx.registry.identityFields(sandbox, schemaId),
          schema?.['meta:class'] === EVENT_CLASS,
          knownNamespaceCodes(ctx.docs, sandbox),
        ),
      ]);
    }
    return { ok: true, xactionId: xaction() };
  };

  /**
   * Synchronous validation is asked as `syncValidation=true` (the validation guide) or
   * `synchronousValidation=true` (the record-streaming tutorial, whose answer then carries
   * `synchronousValidation: {status: "pass"}`); either spelling validates before answering.
   */
  app.post<{ Params: { inletId: string }; Querystring: Record<string, string | string[] | undefined> }>(
    '/:inletId',
    { bodyLimit: ONE_MB, schema: { querystring: MESSAGE_QUERY } },
    async (req) => {
      const q = firstValues(req.query);
      const tutorialSpelling = (q.synchronousValidation ?? '').toLowerCase() === 'true';
      const sync = tutorialSpelling || (q.syncValidation ?? '').toLowerCase() === 'true';
      const outcome = handle(req, req.body, req.params.inletId, sync);
      if (!outcome.ok) {
        const cause = outcome.errors
          ? {
              _streamingValidation: [
                {
                  schemaLocation: '#',
                  pointerToViolation: '#',
                  message: `${outcome.errors.length} schema violations found`,
                  causingExceptions: outcome.errors,
                },
              ],
            }
          : undefined;
        throw new ApiError(400, 'DCS-400', 'Invalid XDM Message Format', outcome.message, cause ? { cause } : {});
      }
      const out: JsonObject = { inletId: req.params.inletId, xactionId: outcome.xactionId, receivedTimeMs: Date.now() };
      if (!sync) out.syncValidation = { skipped: true };
      else if (tutorialSpelling) out.synchronousValidation = { status: 'pass' };
      return out;
    },
  );

  app.post<{ Params: { inletId: string }; Body: { messages: unknown[] } }>(
    '/batch/:inletId',
    { bodyLimit: ONE_MB, schema: { body: BATCH_BODY } },
    async (req, reply) => {
      const responses = req.body.messages.map((m) => {
        const o = handle(req, m, req.params.inletId, false);
        return o.ok ? { xactionId: o.xactionId } : { statusCode: 400, message: o.message };
      });
      return reply.code(207).send({ inletId: req.params.inletId, batchId: xaction(), receivedTimeMs: Date.now(), responses });
    },
  );
}

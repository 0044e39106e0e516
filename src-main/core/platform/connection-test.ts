import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { ConnectionTestReport, ConnectionTestStep, ConnectionTestStepId } from '../../../src-shared/platform/connection-test-report';
import type { TokenProvider } from './ims-token';
import type { PlatformClient } from './platform-client';
import { getRegistryStats, listSchemas } from './schema-registry';

/**
 * "Test connection": token, sandbox, schemas, one verdict per step.
 * Why these three: they fail for different reasons a person fixes in different places (secret
 * and scopes in Developer Console; sandbox access in Admin Console; Schema Registry permission),
 * and together they prove the connection can do the first thing the app needs.
 */
export async function testConnection(client: PlatformClient, tokens: TokenProvider, signal?: AbortSignal): Promise<ConnectionTestReport> {
  const target = client.target;
  const steps: ConnectionTestStep[] = [];
  let failed = false;

  async function step(id: ConnectionTestStepId, label: string, run: () => Promise<string>): Promise<void> {
    if (failed) {
      steps.push({ step: id, label, status: 'skipped', durationMs: 0, detail: 'Skipped: an earlier step failed.' });
      return;
    }
    const started = performance.now();
    try {
      const detail = await run();
      steps.push({ step: id, label, status: 'passed', durationMs: Math.round(performance.now() - started), detail });
    } catch (error) {
      failed = true;
      const appError = isAppError(error) ? error : new AppError('INTERNAL', error instanceof Error ? error.message : String(error));
      steps.push({
        step: id,
        label,
        status: 'failed',
        durationMs: Math.round(performance.now() - started),
        detail: appError.message,
        error: appError.toShape(),
      });
    }
  }

  await step('token', 'Access token from Adobe IMS', async () => {
    tokens.forget(target.connectionId);
    await tokens.token(target, signal);
    return `Adobe IMS at ${new URL(target.imsUrl).host} issued an access token for client ${target.clientId}.`;
  });
  await step('sandbox', `Sandbox "${target.sandboxName}"`, async () => {
    const stats = await getRegistryStats(client, signal);
    return `Sandbox "${target.sandboxName}" of org ${target.orgId} answered; tenant id _${stats.tenantId}.`;
  });
  await step('schemas', 'Schemas listed', async () => {
    const schemas = await listSchemas(client, { signal });
    return schemas.length === 0
      ? 'The Schema Registry answered; this sandbox has no schemas of its own yet.'
      : `The Schema Registry listed ${schemas.length} schema${schemas.length === 1 ? '' : 's'} of this sandbox.`;
  });

  return { connectionId: target.connectionId, connectionName: target.connectionName, ok: !failed, steps };
}

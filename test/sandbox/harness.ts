/**
 * Test harness: a fresh sandbox in a temp dir, a token, and a fetch wrapper that validates every
 * response against the AEP specs (see contract.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox, type StartSandboxOptions } from '../../src-main/core/sandbox';
import { checkContract, type ContractResult } from './contract';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  // The parsed JSON body (unknown shape: tests narrow it).
  json: unknown;
  contract?: ContractResult;
}

export interface CallOptions {
  body?: unknown;
  raw?: Uint8Array | string;
  headers?: Record<string, string>;
  /** Skip the contract check (admin routes, deliberate protocol errors). */
  noContract?: boolean;
  sandbox?: string;
}

export class Harness {
  token = '';
  private constructor(
    public sandbox: RunningSandbox,
    readonly dataDir: string,
  ) {}

  static async start(options: Partial<StartSandboxOptions> = {}, dataDir?: string): Promise<Harness> {
    const dir = dataDir ?? mkdtempSync(path.join(tmpdir(), 'xdm-sandbox-'));
    const h = new Harness(await startSandbox({ dataDir: dir, ...options }), dir);
    await h.refreshToken();
    return h;
  }

  async refreshToken(): Promise<void> {
    const c = this.sandbox.credentials;
    const res = await fetch(`${this.sandbox.url}/ims/token/v3`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: c.clientId,
        client_secret: c.clientSecret,
        scope: 'openid,AdobeID,read_organizations',
      }),
    });
    const body = (await res.json()) as { access_token: string };
    this.token = body.access_token;
  }

  headers(sandbox = 'prod'): Record<string, string> {
    const c = this.sandbox.credentials;
    return { authorization: `Bearer ${this.token}`, 'x-api-key': c.clientId, 'x-gw-ims-org-id': c.orgId, 'x-sandbox-name': sandbox };
  }

  async call(method: string, urlPath: string, opts: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...this.headers(opts.sandbox), ...opts.headers };
    let body: BodyInit | undefined;
    if (opts.raw !== undefined) {
      body = typeof opts.raw === 'string' ? opts.raw : Buffer.from(opts.raw);
      headers['content-type'] ??= 'application/octet-stream';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.sandbox.url}${urlPath}`, { method, headers, body });
    const text = method === 'HEAD' ? '' : await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const out: ApiResponse = { status: res.status, headers: res.headers, text, json };
    if (!opts.noContract)
      out.contract = await checkContract(method, urlPath.split('?')[0] ?? urlPath, res.status, json, text, res.headers.get('content-type') ?? '');
    return out;
  }

  /** Polls Catalog until the batch leaves `loading`/`processing`. */
  async waitForBatch(batchId: string, timeoutMs = 60_000, sandbox = 'prod'): Promise<Record<string, unknown>> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const r = await this.call('GET', `/data/foundation/catalog/batches/${batchId}`, { sandbox });
      const batch = (r.json as Record<string, Record<string, unknown>>)[batchId] ?? {};
      if (!['loading', 'processing', 'staging'].includes(String(batch.status))) return batch;
      if (Date.now() > end) throw new Error(`Batch ${batchId} still ${String(batch.status)}`);
      await new Promise((r2) => setTimeout(r2, 50));
    }
  }

  async close(remove = true): Promise<void> {
    await this.sandbox.close();
    if (remove) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

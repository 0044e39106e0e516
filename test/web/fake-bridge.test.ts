import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { AppEvent, RequestOutput } from '../../src-shared/ipc/contract';
import { createFakeBridge, fakeAppInfo } from '../../src-renderer/bridge/fake-bridge';

describe('createFakeBridge', () => {
  it('answers app.info by default and records calls', async () => {
    const bridge = createFakeBridge();
    expect(await bridge.request('app.info', {})).toEqual({ ok: true, value: fakeAppInfo });
    expect(bridge.calls).toEqual([{ name: 'app.info', input: {} }]);
  });

  it('validates input like main does', async () => {
    const bridge = createFakeBridge();
    const reply = await bridge.request('files.inspect', { fileRef: 'nope' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'fileRef' } } });
  });

  it('registers files deterministically and answers with responders, errors included', async () => {
    const bridge = createFakeBridge();
    const first = await bridge.registerFile({ name: 'a.csv', size: 10 });
    const second = await bridge.registerFile({ name: 'b.csv', size: 20 });
    expect(first).toEqual({ ok: true, value: { fileRef: 'f_fake00000001', name: 'a.csv', size: 10 } });
    expect(second.ok && second.value.fileRef).toBe('f_fake00000002');

    const inspection: RequestOutput<'files.inspect'> = {
      file: { name: 'a.csv', size: 10 },
      format: 'csv',
      encoding: 'utf-8',
      bom: false,
      delimiter: ',',
      hasHeader: true,
      lineEnding: 'lf',
      columns: [],
      rows: [],
      totalRows: null,
      bytesRead: 10,
      warnings: [],
    };
    bridge.respond('files.inspect', ({ fileRef, maxRows }) => {
      expect(maxRows).toBe(100);
      if (fileRef === 'f_fake00000002') throw new AppError('FILE_BINARY', 'b.csv is binary.', { file: 'b.csv' });
      return inspection;
    });
    expect(await bridge.request('files.inspect', { fileRef: 'f_fake00000001' })).toEqual({ ok: true, value: inspection });
    expect(await bridge.request('files.inspect', { fileRef: 'f_fake00000002' })).toEqual({
      ok: false,
      error: { code: 'FILE_BINARY', message: 'b.csv is binary.', where: { file: 'b.csv' } },
    });
  });

  it('says so when a request has no responder, and rejects outputs outside the contract', async () => {
    const bridge = createFakeBridge();
    expect(await bridge.request('files.inspect', { fileRef: 'f_fake00000001' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    bridge.respond('app.info', () => ({ ...fakeAppInfo, mode: 'kiosk' }) as unknown as typeof fakeAppInfo);
    await expect(bridge.request('app.info', {})).rejects.toThrow(/outside the contract/);
  });

  it('emits events to listeners until they unsubscribe', () => {
    const bridge = createFakeBridge();
    const received: AppEvent[] = [];
    const stop = bridge.onEvent((event) => received.push(event));
    const event: AppEvent = { type: 'file.opened', file: { fileRef: 'f_fake00000001', name: 'a.csv', size: 1 } };
    bridge.emit(event);
    stop();
    bridge.emit(event);
    expect(received).toEqual([event]);
    expect(bridge.listenerCount).toBe(0);
  });
});

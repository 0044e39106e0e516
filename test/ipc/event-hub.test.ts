import { describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../src-shared/ipc/contract';
import { EventHub } from '../../src-main/ipc/event-hub';

const opened: AppEvent = { type: 'file.opened', file: { fileRef: 'f_abcdefgh12', name: 'a.csv', size: 3 } };

describe('EventHub', () => {
  it('delivers events to subscribers until they unsubscribe', () => {
    const hub = new EventHub();
    const first = vi.fn();
    const second = vi.fn();
    const stopFirst = hub.subscribe(first);
    hub.subscribe(second);
    hub.emit(opened);
    stopFirst();
    stopFirst();
    hub.emit(opened);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(2);
    expect(second).toHaveBeenCalledWith(opened);
    expect(hub.listenerCount).toBe(1);
  });

  it('keeps delivering when one listener throws', () => {
    const onListenerError = vi.fn();
    const hub = new EventHub({ onListenerError });
    const after = vi.fn();
    hub.subscribe(() => {
      throw new Error('socket gone');
    });
    hub.subscribe(after);
    hub.emit(opened);
    expect(after).toHaveBeenCalledWith(opened);
    expect(onListenerError).toHaveBeenCalledOnce();
  });

  it('gives the same function subscribed twice two independent subscriptions', () => {
    const hub = new EventHub();
    const listener = vi.fn();
    const stop = hub.subscribe(listener);
    hub.subscribe(listener);
    stop();
    hub.emit(opened);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

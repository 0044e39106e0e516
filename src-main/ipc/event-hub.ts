import type { AppEvent } from '../../src-shared/ipc/contract';

export type EventListener = (event: AppEvent) => void;

/**
 * Fan-out of AppEvents from core to every connected transport.
 * Why: the Electron window and each browser-mode socket subscribe the same way; one listener
 * that throws (a closed socket) must not keep the event from the others.
 */
export class EventHub {
  readonly #listeners = new Set<EventListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(options: { onListenerError?: (error: unknown) => void } = {}) {
    this.#onListenerError = options.onListenerError ?? ((error) => console.error('[events] listener failed:', error));
  }

  emit(event: AppEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  /** Adds a listener; the returned function removes it (calling it twice is harmless). */
  subscribe(listener: EventListener): () => void {
    // A wrapper, so the same function subscribed twice gets two independent subscriptions.
    const entry: EventListener = (event) => listener(event);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  clear(): void {
    this.#listeners.clear();
  }
}

/**
 * What a handler knows about the call it serves.
 * Why: handlers are transport-agnostic, but some work must stop when its caller goes away
 * (a closed socket or window aborts `signal`).
 */
export interface RequestContext {
  transport: 'electron' | 'websocket';
  signal?: AbortSignal;
}

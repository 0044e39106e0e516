import type { XdmBridge } from '../../src-shared/ipc/contract';
import { WS_PATH } from '../../src-shared/ipc/ws-protocol';
import { takeToken } from './token';
import { WebSocketBridge } from './websocket-bridge';

let bridge: XdmBridge | null = null;

/**
 * The renderer's one way to reach main.
 * Why two implementations behind one function: in Electron the preload provides `window.xdm`;
 * in browser mode the same interface runs over the loopback WebSocket. Screens and stores
 * never know which.
 */
export function getBridge(): XdmBridge {
  bridge ??= createBridge();
  return bridge;
}

function createBridge(): XdmBridge {
  const preload = (window as Window & { xdm?: XdmBridge }).xdm;
  if (preload) return preload;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return new WebSocketBridge({ token: takeToken(), socketUrl: `${scheme}://${window.location.host}${WS_PATH}` });
}

export { WebSocketBridge } from './websocket-bridge';
export type { SocketFactory, SocketHandlers, SocketLike, WebSocketBridgeOptions } from './websocket-bridge';

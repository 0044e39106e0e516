/**
 * Electron IPC channel names (browser mode uses message types of the same names).
 * Why a module of its own: the sandboxed preload needs these names, and importing them from the
 * contract would bundle zod (about 800 KB) into it.
 */
export const channels = {
  request: 'xdm:request',
  event: 'xdm:event',
  registerFile: 'xdm:register-file',
} as const;

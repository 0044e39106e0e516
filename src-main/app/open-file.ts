import type { AppEvent, RegisteredFile } from '../../src-shared/ipc/contract';
import { checkRegistrablePath } from './registrable-path';

/** The parts of the main services that opening a file needs. */
export interface OpenFileServices {
  files: { register(path: string, displayName?: string): Promise<RegisteredFile> };
  events: { emit(event: AppEvent): void };
}

/**
 * Registers a file main chose itself (File > Open, a command-line path, a file dropped on the
 * dock icon) and tells the renderer with a `file.opened` event.
 * Why an event and not a reply: these openings start in main, so no renderer request is
 * waiting for them; the renderer treats the event like a drop.
 */
export async function openFileAtPath(services: OpenFileServices, filePath: string): Promise<RegisteredFile> {
  const checked = await checkRegistrablePath(filePath);
  const file = await services.files.register(checked);
  services.events.emit({ type: 'file.opened', file });
  return file;
}

import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface LaunchPlan {
  command: string;
  args: string[];
}

/** Whether a graphical session exists to open a window in. */
export function hasDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env['DISPLAY'] || env['WAYLAND_DISPLAY']);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `name` found on PATH, or null. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

/**
 * How to open `url` in a browser here, or null when there is no display or no browser.
 * Why Chromium first: it is the browser the e2e tests use, so what the user sees is what was
 * tested; otherwise the platform's own opener.
 */
export function planBrowserLaunch(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): LaunchPlan | null {
  if (!hasDisplay(env, platform)) return null;
  const chromium = isExecutable('/usr/bin/chromium') ? '/usr/bin/chromium' : findOnPath('chromium', env);
  if (chromium) return { command: chromium, args: ['--new-window', url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  const opener = findOnPath('xdg-open', env);
  return opener ? { command: opener, args: [url] } : null;
}

/** Starts the browser detached; returns whether one was started. */
export function openInBrowser(url: string): boolean {
  const plan = planBrowserLaunch(url);
  if (!plan) return false;
  const child = spawn(plan.command, plan.args, { detached: true, stdio: 'ignore' });
  child.on('error', (error) => console.error(`Could not start ${plan.command}: ${error.message}`));
  child.unref();
  return true;
}

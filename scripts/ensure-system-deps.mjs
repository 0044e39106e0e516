// Pretest: the Debian packages the tests use (Chromium's headless shell for e2e, Xvfb for screenshots of
// windows, gnome-keyring + D-Bus for the real Secret Service). Installs what is missing when it can
// (root with apt-get), otherwise stops with the exact command to run.
import { existsSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';

const needs = [
  { pkg: 'chromium-headless-shell', file: '/usr/bin/chromium-headless-shell' },
  { pkg: 'xvfb', file: '/usr/bin/xvfb-run' },
  { pkg: 'xauth', file: '/usr/bin/xauth' },
  { pkg: 'dbus-x11', file: '/usr/bin/dbus-launch' },
  { pkg: 'gnome-keyring', file: '/usr/bin/gnome-keyring-daemon' },
  { pkg: 'libsecret-tools', file: '/usr/bin/secret-tool' },
  { pkg: 'fonts-dejavu-core', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
];

if (process.platform !== 'linux' || process.env.XDM_SKIP_SYSTEM_DEPS === '1') process.exit(0);
const missing = needs.filter((n) => !existsSync(n.file)).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (!isRoot || !hasApt) {
  console.error(`The tests need Debian packages that are missing: ${missing.join(', ')}.\nRun as root: ${command}`);
  process.exit(1);
}
console.log(`Installing test packages: ${missing.join(' ')}`);
try {
  execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command.replace('apt-get install', 'apt-get install -q --no-install-recommends')}`], {
    stdio: 'inherit',
  });
} catch {
  console.error(`Installing failed. Run as root: ${command}`);
  process.exit(1);
}

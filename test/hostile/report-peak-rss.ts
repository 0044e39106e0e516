import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node --import report-peak-rss.ts ...`, Node strips its types; or after `--import tsx`) into a command run by a test:
 * on exit, writes the process's peak resident memory in bytes (worker threads included) to the
 * file named by XDM_PEAK_RSS_FILE. Why on exit: peak RSS only grows, so its last value is the peak.
 */
const file = process.env.XDM_PEAK_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));

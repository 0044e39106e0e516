import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IN_USE_FILE } from './data-folder-lock';
import { POINTER_FILE } from './data-folder-pointer';

/**
 * Copies the data of one data folder into a new one, all or nothing (the start after the steward
 * chose a new folder on the Settings screen).
 * Why a copy, not a move: the old folder stays as it was, so nothing is lost if the copy fails
 * halfway or the steward goes back; uploads journaled there can still read their inputs. Why
 * into a hidden sibling renamed at the end: a folder that has the data has all of it (a rename
 * is atomic on one file system), and a failed copy leaves no half-filled folder.
 * Not copied: the pointer itself, the folder's in-use lock, and `electron` (the window's Chromium
 * profile, made afresh). The caller copies only while no process uses the old folder (data-folder-lock.ts).
 */
export const COPIED_MARK = '.copied-from';
const NOT_COPIED = new Set([POINTER_FILE, IN_USE_FILE, `${IN_USE_FILE}-journal`, 'electron']);

export function copyDataFolder(from: string, to: string): void {
  if (existsSync(to)) {
    const names = readdirSync(to);
    // A copy that finished before its pointer could be rewritten: it is whole, and it is ours.
    if (names.includes(COPIED_MARK) && readFileSync(path.join(to, COPIED_MARK), 'utf8') === from) return;
    if (names.length > 0) throw new Error(`${to} is not empty, so the data of ${from} was not copied into it.`);
  }
  const staging = path.join(path.dirname(to), `.${path.basename(to)}.copying-${randomBytes(4).toString('hex')}`);
  try {
    if (existsSync(from)) {
      cpSync(from, staging, {
        recursive: true,
        // Retention reads the age of a job from its files' times: a copy must not make every job new.
        preserveTimestamps: true,
        verbatimSymlinks: true,
        errorOnExist: true,
        filter: (source) => path.dirname(source) !== from || !NOT_COPIED.has(path.basename(source)),
      });
    }
    if (existsSync(from)) keepFolderTimes(from, staging);
    mkdirSync(staging, { recursive: true });
    writeFileSync(path.join(staging, COPIED_MARK), from);
    if (existsSync(to)) rmdirSync(to);
    renameSync(staging, to);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Gives each copied folder under `to` the times of its source (cpSync keeps only files' times).
 * Why: retention reads a prepared output's age from its folder's time.
 */
function keepFolderTimes(from: string, to: string): void {
  for (const entry of readdirSync(to, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    keepFolderTimes(source, target);
    const times = statSync(source);
    utimesSync(target, times.atime, times.mtime);
  }
}

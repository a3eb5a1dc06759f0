import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ExitCode, InputError } from './exit-codes.js';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'the parent cannot hold new directories',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'a file of that name is in the way',
};

/** A path as the user would write it: relative below the working directory, absolute elsewhere. */
function shown(path: string): string {
  const below = relative(process.cwd(), path);
  return below !== '' && !below.startsWith('..') && !isAbsolute(below) ? below : path;
}

function refuse(dir: string, step: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  const reason = REASONS[code] ?? (error instanceof Error ? error.message : String(error));
  return new InputError(
    ExitCode.dataDirUnusable,
    `data directory ${dir}: cannot ${step} (${reason}${code && REASONS[code] ? `, ${code}` : ''}); pass --data-dir DIR or set NEWSWATCH_DATA_DIR to a writable directory`,
  );
}

/**
 * Creates the data directory when missing and proves it writable with a probe file, so an unusable directory is
 * reported once, with its path, before any store opens. Each missing level is created on its own: a recursive
 * mkdir under a pseudo file system such as /proc can retry forever, this cannot.
 */
export function ensureDataDir(dir: string): void {
  const absolute = resolve(dir);
  const missing: string[] = [];
  for (let current = absolute; ; current = dirname(current)) {
    let isDirectory: boolean | null = null;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(dir, `use ${shown(current)}`, error);
    }
    if (isDirectory === false) throw refuse(dir, `use ${shown(current)}`, Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }));
    if (isDirectory === true) break;
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  for (const level of missing) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw refuse(dir, `create ${shown(level)}`, error);
    }
  }
  const probe = resolve(absolute, `.newswatch-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'probe');
    rmSync(probe, { force: true });
  } catch (error) {
    throw refuse(dir, 'write a file in it', error);
  }
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temp directory per test, removed afterwards; `write` creates files (and folders) in it. */
export function useTempDir(): { readonly path: () => string; write: (name: string, contents: string) => string } {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  const path = () => (dir ??= mkdtempSync(join(tmpdir(), 'airlock-config-')));
  return {
    path,
    write: (name, contents) => {
      const file = join(path(), name);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents);
      return file;
    },
  };
}

import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Finds a system binary on PATH, then in Debian's versioned PostgreSQL folders (newest first). */
export function findBinary(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  const pgRoot = '/usr/lib/postgresql';
  if (existsSync(pgRoot)) {
    const versions = readdirSync(pgRoot).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) {
      const candidate = join(pgRoot, v, 'bin', name);
      if (existsSync(candidate)) return candidate;
    }
  }
  for (const dir of ['/usr/sbin', '/usr/local/sbin', '/sbin']) {
    if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export function requireBinary(name: string, debianPackage: string): string {
  const found = findBinary(name);
  if (!found) throw new Error(`${name} not found on PATH; install the Debian package "${debianPackage}"`);
  return found;
}

/** PostgreSQL and pgbouncer refuse to run as root; CI runs as root, so drop to the postgres user there. */
export function asServiceUser(argv: string[]): string[] {
  if (process.getuid?.() !== 0) return argv;
  return [requireBinary('runuser', 'util-linux'), '-u', 'postgres', '--', ...argv];
}

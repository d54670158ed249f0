import { errorLine, formatPath } from './config-path.js';
import { didYouMean } from './did-you-mean.js';

/**
 * Checks that need more than one part of the file: names that must be unique and names that must
 * refer to something defined. Works on the unvalidated tree so these errors are reported alongside
 * schema errors; anything of the wrong shape is left to the schema to report.
 */
export function crossReferenceErrors(root: unknown): string[] {
  const errors: string[] = [];
  const connections = listAt(root, 'connections');
  const policies = Object.keys(mappingAt(root, 'policies'));
  const masks = Object.keys(mappingAt(root, 'masking'));

  errors.push(...duplicateNames(connections, ['connections'], 'connection'));
  errors.push(...duplicateNames(listAt(mappingAt(root, 'identity'), 'tokens'), ['identity', 'tokens'], 'token'));
  connections.forEach((connection, i) => {
    errors.push(...reference(connection, 'policy', policies, ['connections', i], 'policy'));
    errors.push(...reference(connection, 'mask', masks, ['connections', i], 'masking profile'));
  });
  return errors;
}

function reference(owner: unknown, key: string, defined: readonly string[], at: PropertyKey[], what: string): string[] {
  const name = isMapping(owner) ? owner[key] : undefined;
  if (typeof name !== 'string' || name === '' || defined.includes(name)) return [];
  const known = defined.length ? defined.join(', ') : 'none';
  return [errorLine([...at, key], `unknown ${what} "${name}" (defined: ${known}${didYouMean(name, defined)})`)];
}

function duplicateNames(items: readonly unknown[], at: PropertyKey[], what: string): string[] {
  const firstIndex = new Map<string, number>();
  const errors: string[] = [];
  items.forEach((item, i) => {
    const name = isMapping(item) ? item.name : undefined;
    if (typeof name !== 'string') return;
    const first = firstIndex.get(name);
    if (first === undefined) firstIndex.set(name, i);
    else errors.push(errorLine([...at, i, 'name'], `duplicate ${what} name "${name}" (already used by ${formatPath([...at, first])}; names must be unique)`));
  });
  return errors;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function mappingAt(owner: unknown, key: string): Record<string, unknown> {
  const value = isMapping(owner) ? owner[key] : undefined;
  return isMapping(value) ? value : {};
}

function listAt(owner: unknown, key: string): readonly unknown[] {
  const value = isMapping(owner) ? owner[key] : undefined;
  return Array.isArray(value) ? value : [];
}

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export function readRepoFile(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/** Plain JS view of a parsed YAML document; the tests walk it by key. */
// `any` on purpose: the tests walk untyped documents and assert the shape they rely on.
export type Yaml = Record<string, any>;

export function readYaml(path: string): Yaml {
  return parse(readRepoFile(path)) as Yaml;
}

/** Every document of every .yaml file in a folder, as kubectl apply -f FOLDER would read them. */
export function readYamlFolder(folder: string): Yaml[] {
  return readdirSync(join(repoRoot, folder))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .flatMap((f) => parseAllDocuments(readRepoFile(join(folder, f))).map((d) => d.toJS() as Yaml));
}

/** Names of the ${ENV} references in a config text (${file:…} reads a file, not the environment). */
export function envRefs(text: string): string[] {
  return [...new Set([...text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))];
}

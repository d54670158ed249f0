/**
 * Resolves `${ENV_NAME}` and `${file:PATH}` inside the parsed YAML's string scalars; `$${X}` stands
 * for a literal `${X}`. Substituted text is never parsed again, so it cannot add YAML structure or
 * further placeholders.
 */
export interface SubstitutionSources {
  readonly env: NodeJS.ProcessEnv;
  /** Contents of a file named in `${file:PATH}`, PATH as written; throws when unreadable. */
  readFile(path: string): string;
  /** Applied to every scalar and key first (see placeholders.ts). */
  restore(value: string): string;
}

export interface SubstitutionFailure {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

const REFERENCE = /(\$?)\$\{([^}\n]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function substituteTree(
  tree: unknown,
  sources: SubstitutionSources,
): { value: unknown; failures: SubstitutionFailure[] } {
  const failures: SubstitutionFailure[] = [];
  const visit = (node: unknown, path: readonly PropertyKey[]): unknown => {
    if (typeof node === 'string') {
      try {
        return substituteString(sources.restore(node), sources);
      } catch (err) {
        failures.push({ path, message: (err as Error).message });
        return node;
      }
    }
    if (Array.isArray(node)) return node.map((item, i) => visit(item, [...path, i]));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, item]) => {
          const name = sources.restore(key);
          return [name, visit(item, [...path, name])];
        }),
      );
    }
    return node;
  };
  return { value: visit(tree, []), failures };
}

function substituteString(text: string, sources: SubstitutionSources): string {
  const out = text.replace(REFERENCE, (_all, escape: string, ref: string) => {
    if (escape) return `\${${ref}}`;
    if (ref.startsWith('file:')) return readReferencedFile(ref.slice('file:'.length), sources);
    if (!ENV_NAME.test(ref)) throw new Error(`"\${${ref}}" is not a valid reference (expected \${ENV_NAME} or \${file:PATH})`);
    const value = sources.env[ref];
    if (value === undefined) throw new Error(`environment variable ${ref} is not set`);
    return value;
  });
  // Only an unterminated reference can still leave "${" behind once every "$${" escape is set aside.
  if (/(^|[^$])\$\{[^}]*$/.test(text)) throw new Error('unterminated "${" (expected ${ENV_NAME}, ${file:PATH} or $${ for a literal)');
  return out;
}

function readReferencedFile(path: string, sources: SubstitutionSources): string {
  if (path === '') throw new Error('"${file:}" names no file (expected ${file:PATH})');
  let contents: string;
  try {
    contents = sources.readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`cannot read file ${path} (${code})`);
  }
  // Editors end files with a newline that is not part of a secret; PEM bodies keep their inner newlines.
  return contents.replace(/\r?\n$/, '');
}

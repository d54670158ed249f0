import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';
import { errorLine, formatPath } from './config-path.js';
import { crossReferenceErrors } from './cross-references.js';
import { formatIssues, issueMessage } from './issue-messages.js';
import { protectPlaceholders } from './placeholders.js';
import { configSchema } from './schema.js';
import { substituteTree } from './substitute.js';
import type { AirlockConfig } from './types.js';

export interface ParseOptions {
  /** The config file's directory: `${file:…}` and relative paths resolve against it. */
  readonly baseDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** YAML text → validated config, or a ConfigError listing every problem at once. */
export function parseConfig(yamlText: string, opts: ParseOptions): AirlockConfig {
  const guarded = protectPlaceholders(yamlText);
  const lines = new LineCounter();
  const doc = parseDocument(guarded.text, { prettyErrors: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const { line, col } = lines.linePos(e.pos[0]);
        return `yaml syntax error: ${guarded.restore(e.message)} at line ${line}, column ${col}`;
      }),
    );
  }

  const { value, failures } = substituteTree(doc.toJS() ?? {}, {
    env: opts.env,
    restore: guarded.restore,
    readFile: (path) => readFileSync(isAbsolute(path) ? path : resolve(opts.baseDir, path), 'utf8'),
  });

  const schema = configSchema({ env: opts.env, baseDir: opts.baseDir, hostname: hostname() });
  const result = schema.safeParse(value, { error: issueMessage });
  // A value whose substitution failed is already reported; its schema complaints would only repeat it.
  const failedPaths = failures.map((f) => formatPath(f.path));
  const schemaIssues = result.success
    ? []
    : result.error.issues.filter((issue) => !failedPaths.some((failed) => isWithin(formatPath(issue.path), failed)));

  const errors = [
    ...failures.map((f) => errorLine(f.path, f.message)),
    ...formatIssues(schemaIssues),
    ...crossReferenceErrors(value),
  ];
  // A failed parse always leaves at least one line: its own issues, or the substitution failures that hid them.
  if (!result.success || errors.length > 0) throw new ConfigError(errors);
  return result.data;
}

function isWithin(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}.`) || path.startsWith(`${ancestor}[`);
}

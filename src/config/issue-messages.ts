import type * as z from 'zod';
import { errorLine } from './config-path.js';
import { closest } from './did-you-mean.js';

/**
 * Error texts for zod issues, phrased as "what is wrong (what is expected)". Values are not echoed
 * unless known to be harmless (enum choices), because a misplaced secret must not land in an error.
 */
export function issueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `missing (expected ${describeType(issue.expected)})`
        : `expected ${describeType(issue.expected)}, got ${describeValue(issue.input)}`;
    case 'invalid_value':
      return choiceMessage(issue.values.map(String), issue.input);
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        // A discriminated union (connection type): the issue's path already ends at the discriminator.
        const input = issue.input as Record<string, unknown> | undefined;
        const got = issue.discriminator ? input?.[issue.discriminator as string] : undefined;
        return choiceMessage(issue.options.map(String), got);
      }
      return undefined;
    default:
      return undefined;
  }
}

/** One line per issue; an unknown-keys issue carries one relative line per key (see strictObject). */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.message.split('\n').map((keyLine) => {
          const [key, ...rest] = keyLine.split('\t');
          return errorLine([...issue.path, key ?? ''], rest.join('\t'));
        })
      : [errorLine(issue.path, issue.message)],
  );
}

function choiceMessage(choices: readonly string[], input: unknown): string {
  const expected = `expected one of ${choices.join(', ')}`;
  if (input === undefined) return `missing (${expected})`;
  // Short strings only: a long value in the wrong place may be a secret.
  if (typeof input !== 'string' || input.length > 40) return expected;
  const suggestion = closest(input, choices);
  return `${expected}, got ${JSON.stringify(input)}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
}

function describeType(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    object: 'a mapping',
    array: 'a list',
    record: 'a mapping',
  };
  return names[expected] ?? expected;
}

function describeValue(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return input === '' ? 'an empty string' : 'a string';
  return `a ${typeof input}`;
}

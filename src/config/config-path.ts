/** Renders a path into the config as users write it: `connections[0].upstream.password`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** One error line: `path: message`. */
export function errorLine(segments: readonly PropertyKey[], message: string): string {
  return `${formatPath(segments) || '(top level)'}: ${message}`;
}

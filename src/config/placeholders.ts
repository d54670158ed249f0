/**
 * `${NAME}` is not valid YAML inside flow collections (`{ password: ${PW} }` — the braces are flow
 * indicators), yet the documented config uses it there. Before parsing, each placeholder is swapped
 * for an inert stand-in that YAML reads as plain text; after parsing, `restore` puts the placeholder
 * text back into the parsed scalars. Values are still substituted only after parsing, so a secret
 * containing `: ` or newlines can never become YAML structure.
 *
 * A stand-in is one private-use character repeated to the placeholder's length, so line and column
 * numbers in YAML syntax errors still point into the original text.
 */
const PLACEHOLDER = /\$?\$\{[^{}\n"'\\]*\}/g;
const PRIVATE_USE_FIRST = 0xe000;
const PRIVATE_USE_LAST = 0xf8ff;
const STAND_IN_RUN = /([\ue000-\uf8ff])\1*/g;

export interface ProtectedText {
  readonly text: string;
  /** Puts the original placeholder text back into a parsed string. */
  restore(value: string): string;
}

export function protectPlaceholders(source: string): ProtectedText {
  const originals = new Map<string, string>();
  let code = PRIVATE_USE_FIRST;
  const text = source.replace(PLACEHOLDER, (placeholder) => {
    // Skip characters the file itself uses, so a stand-in can never be mistaken for real text.
    while (code <= PRIVATE_USE_LAST && source.includes(String.fromCharCode(code))) code++;
    if (code > PRIVATE_USE_LAST) return placeholder;
    const standIn = String.fromCharCode(code++);
    originals.set(standIn, placeholder);
    return standIn.repeat(placeholder.length);
  });
  if (originals.size === 0) return { text, restore: (value) => value };
  return { text, restore: (value) => value.replace(STAND_IN_RUN, (run, char: string) => originals.get(char) ?? run) };
}

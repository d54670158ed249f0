import { resolveOverlaps } from '../find-all.js';
import type { Detector, Finding } from '../types.js';
import * as connectionString from './secrets/connection-string.js';
import * as highEntropy from './secrets/high-entropy.js';
import * as jwt from './secrets/jwt.js';
import * as keyValue from './secrets/key-value.js';
import * as privateKey from './secrets/private-key.js';
import * as tokens from './secrets/tokens.js';

/** In priority order: when two finders claim the same span, the more specific label wins. */
const FINDERS: ReadonlyArray<(text: string) => Finding[]> = [
  tokens.findTokens,
  jwt.findJwts,
  privateKey.findPrivateKeys,
  connectionString.findConnectionPasswords,
  highEntropy.findHighEntropySecrets,
  keyValue.findKeyValueSecrets,
];

export const patterns: readonly RegExp[] = [tokens, jwt, privateKey, connectionString, highEntropy, keyValue].flatMap((m) => m.patterns);

export const secrets: Detector = {
  name: 'secrets',
  find(text: string): Finding[] {
    if (text.length < 8) return [];
    // Gathered in one array: this runs on every value of a result, and most finders find nothing.
    const found: Finding[] = [];
    for (const find of FINDERS) for (const f of find(text)) found.push(f);
    return found.length === 0 ? found : resolveOverlaps(found);
  },
};

import type { Detector, DetectorName } from '../types.js';
import * as creditCard from './credit-card.js';
import * as email from './email.js';
import * as iban from './iban.js';
import * as ip from './ip.js';
import * as phone from './phone.js';
import * as scan from './scan.js';
import * as secrets from './secrets.js';
import * as usSsn from './us-ssn.js';

/** Every content detector, in DETECTOR_NAMES order (which is also the tie-break order in findAll). */
export const ALL_DETECTORS: readonly Detector[] = [
  email.email,
  creditCard.creditCard,
  usSsn.usSsn,
  iban.iban,
  phone.phone,
  ip.ip,
  secrets.secrets,
];

/** The configured detectors, in the order the config lists them. */
export function detectorsFor(names: readonly DetectorName[]): Detector[] {
  return names.map((name) => {
    const detector = ALL_DETECTORS.find((d) => d.name === name);
    if (detector === undefined) throw new Error(`unknown detector: ${name}`);
    return detector;
  });
}

/** Every regular expression the detectors run, for the ReDoS lint. */
export const DETECTOR_PATTERNS: readonly RegExp[] = [email, creditCard, usSsn, iban, phone, ip, secrets, scan].flatMap((m) => m.patterns);

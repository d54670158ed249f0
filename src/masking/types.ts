/**
 * The masking engine's vocabulary, shared by every protocol: content detectors find sensitive spans
 * in text, and a style decides what replaces them. Nothing here knows about PostgreSQL.
 */

/** Detector names as the config file lists them (`masking.<set>.detectors`). */
export type DetectorName = 'email' | 'credit_card' | 'us_ssn' | 'iban' | 'phone' | 'ip' | 'secrets';

export const DETECTOR_NAMES: readonly DetectorName[] = ['email', 'credit_card', 'us_ssn', 'iban', 'phone', 'ip', 'secrets'];

/** One sensitive span of a text. `label` names what it is, for placeholders and audit counts. */
export interface Finding {
  readonly detector: DetectorName;
  /**
   * Upper-case entity label, e.g. EMAIL, CREDIT_CARD, US_SSN, IBAN, PHONE, IP_ADDRESS, or for secrets
   * the kind: AWS_ACCESS_KEY, AWS_SECRET_KEY, GOOGLE_API_KEY, GITHUB_TOKEN, GITLAB_TOKEN, SLACK_TOKEN,
   * STRIPE_KEY, JWT, PRIVATE_KEY, PASSWORD, SECRET.
   */
  readonly label: string;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** Finds one kind of sensitive value. Pure, linear-time in the text's length. */
export interface Detector {
  readonly name: DetectorName;
  find(text: string): Finding[];
}

/** What replaces a sensitive value. */
export type MaskStyle = 'redact' | 'partial' | 'pseudonym';


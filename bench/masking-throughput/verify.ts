import type { Configuration } from './configurations.js';
import { runPsql } from './fetch.js';

/** Row 10's notes mention an email (see wide-table.ts), so the detectors have something to find. */
const SAMPLE = 'SELECT email, ssn, card_number, notes FROM wide WHERE id = 10';

interface Sample {
  readonly email: string;
  readonly ssn: string;
  readonly card: string;
  readonly notes: string;
}

/** What is wrong with the sample for this configuration's masking; empty when it is as configured. */
function problems(masking: Configuration['masking'], s: Sample): string[] {
  const raw = masking === undefined || masking === 'off';
  const found: string[] = [];
  const expect = (ok: boolean, what: string, got: string, wanted: string) => {
    if (!ok) found.push(`${what} was "${got}", expected ${wanted}`);
  };
  if (raw) {
    expect(s.email.includes('@'), 'email', s.email, 'the stored address');
    expect(/^\d{3}-\d{2}-\d{4}$/.test(s.ssn), 'ssn', s.ssn, 'the stored number');
    return found;
  }
  expect(/^email_[0-9a-f]{8}$/.test(s.email), 'email', s.email, 'a pseudonym like email_9f2c1a7b');
  expect(s.ssn === '[MASKED]', 'ssn', s.ssn, '[MASKED]');
  expect(/^\*{4}\d{4}$/.test(s.card), 'card_number', s.card, '****<last four>');
  if (masking === 'columns+detectors') expect(!s.notes.includes('@'), 'notes', s.notes, 'its email address replaced by the email detector');
  else expect(s.notes.includes('@'), 'notes', s.notes, 'unchanged text (no detectors on this connection)');
  return found;
}

/** Before any timing: every configuration returns row 10 exactly as masked (or not) as it should. */
export async function verifyMasking(configurations: readonly Configuration[]): Promise<void> {
  for (const c of configurations) {
    const [email = '', ssn = '', card = '', notes = ''] = (await runPsql(c.endpoint, ['-c', SAMPLE])).trimEnd().split('|');
    const found = problems(c.masking, { email, ssn, card, notes });
    if (found.length > 0) throw new Error(`masking is not as configured on "${c.name}" (masking ${c.masking ?? 'none'}), so timing it would mislead:\n  ${found.join('\n  ')}`);
    console.log(`verified ${c.name}: email ${email}, ssn ${ssn}, card_number ${card}`);
  }
}

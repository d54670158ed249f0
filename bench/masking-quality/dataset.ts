import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One labelled text of the presidio-research generated PII sets. */
const Sample = z.object({
  full_text: z.string(),
  spans: z.array(
    z.object({
      entity_type: z.string(),
      entity_value: z.string(),
      start_position: z.number().int(),
      end_position: z.number().int(),
    }),
  ),
});

export type Sample = z.infer<typeof Sample>;
export type Span = Sample['spans'][number];

export async function loadSamples(file: string): Promise<Sample[]> {
  return z.array(Sample).parse(JSON.parse(await readFile(file, 'utf8')));
}

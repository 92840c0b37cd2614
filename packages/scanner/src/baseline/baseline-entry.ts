import { z } from 'zod';

export const baselineEntrySchema = z
  .strictObject({
    fingerprint: z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: 'expected 32 hexadecimal digits' })
      .describe("The finding's fingerprint."),
    rule: z.string().min(1).describe('Rule id.'),
    file: z.string().min(1).describe('Path relative to the configuration directory.'),
    scope: z.string().describe('Enclosing symbol scope when the entry was written.'),
    snippet: z.string().describe('Normalized matched text, shortened (for people; not compared).'),
  })
  .describe('A known finding, accepted until it is fixed.');
export type BaselineEntry = z.infer<typeof baselineEntrySchema>;

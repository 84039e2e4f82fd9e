// The API's reason fields (platform/reasons.ts is the catalogue): what a person may send, what is answered.
import { z } from 'zod';
import { PRESET_REASONS, mayChooseReason } from './reasons.ts';

/** A reason a person sends: 1–200 characters, trimmed, as mayChooseReason allows. */
export const ChosenReason = z.string().trim().min(1, 'required').max(200)
  .refine(mayChooseReason, 'not a reason code one may choose')
  .describe(`a ready-made reason's code (${PRESET_REASONS.join(', ')}) or the words a person typed (1–200 characters)`);

/** A reason as stored and answered: a code (`code` or `code:reference`) from the catalogue, or a person's words. */
export const StoredReason = z.string().describe('a reason code from the catalogue, optionally `:reference` (brand_short:PO20261207-0001, return:R12345678), or the words a person typed; clients say codes in the reader\'s language');

/** The body of an act that only needs to say why: an operator's act kept in its record, declining a withdrawal, deciding a return. */
export const ReasonBody = z.strictObject({ reason: ChosenReason });

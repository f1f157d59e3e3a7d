import { z } from 'zod';
import type { MediumContext, MediumOutcome } from '../personal.media.types.js';

/** A phone number in E.164: "+", the country code and the number, 15 digits at most. */
export const E164 = /^\+[1-9]\d{1,14}$/;

/** Who a text message comes from: a number in E.164, or an alphanumeric sender ID (up to 11 letters, digits and spaces, one letter at least). */
export const smsSender = z.string().regex(/^(\+[1-9]\d{1,14}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/, 'a number in E.164 (+15551234567) or a sender ID of up to 11 letters and digits');

/** One SMS gateway. The text is already cut to one segment. */
export interface SmsProvider<Org = any> {
  provider: string;
  /** Keys of the org settings encrypted at rest. */
  secrets: readonly string[];
  send(org: Org, to: string, text: string, ctx: MediumContext): Promise<MediumOutcome>;
}

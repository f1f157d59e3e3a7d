import { z } from '@hono/zod-openapi';
import { IANAZone } from 'luxon';
import { cronProblem } from './schedule.cron.js';
import { SCHEDULE_UNITS, WEEKDAYS } from './schedule.models.js';

export const timezoneSchema = z
  .string()
  .refine((tz) => IANAZone.isValidZone(tz), 'not an IANA time zone (like Europe/Berlin or America/New_York)')
  .openapi({ example: 'Europe/Berlin' });

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM, 00:00 to 23:59');
const grace = z.number().int().min(0).max(100_000).default(30).openapi({ description: 'Minutes after the expected time before the check is overdue.' });
const expectFirstReport = z
  .boolean()
  .default(false)
  .openapi({ description: 'Go overdue if even the first report does not come (counted from creation), instead of waiting for it.' });

const windowSchema = z
  .object({ start: time, end: time, timezone: timezoneSchema.optional() })
  .refine((w) => w.start !== w.end, { message: 'the window must not start and end at the same time', path: ['end'] })
  .openapi('ArrivalWindow', { description: 'Reports are expected only inside this daily window; an end before the start crosses midnight.' });

export const scheduleSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('unscheduled') }),
    z.object({
      type: z.literal('interval'),
      every: z.number().int().min(1).max(10_000),
      unit: z.enum(SCHEDULE_UNITS),
      overdueAfterMinutes: grace,
      window: windowSchema.optional(),
      activeDays: z
        .array(z.enum(WEEKDAYS))
        .min(1)
        .max(7)
        .refine((d) => new Set(d).size === d.length, 'each day once')
        .optional()
        .openapi({ description: 'Days on which reports are expected at all.' }),
      timezone: timezoneSchema.optional().openapi({ description: 'Zone for days, weeks, windows and active days (default: BACKWATCH_TIMEZONE).' }),
      expectFirstReport,
    }),
    z
      .object({
        type: z.literal('cron'),
        cron: z.string().min(1).max(200).openapi({ example: '0 21 * * 1-5' }),
        timezone: timezoneSchema.optional().openapi({ description: 'Zone the pattern runs in (default: BACKWATCH_TIMEZONE).' }),
        overdueAfterMinutes: grace,
        expectFirstReport,
      })
      .superRefine((s, ctx) => {
        const problem = cronProblem(s.cron, s.timezone && IANAZone.isValidZone(s.timezone) ? s.timezone : 'UTC');
        if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: `invalid cron pattern: ${problem}` });
      }),
  ])
  .openapi('Schedule');

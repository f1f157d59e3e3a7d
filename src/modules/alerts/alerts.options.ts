import { z } from '@hono/zod-openapi';
import { PROBLEM_STATUSES } from '../../shared/status.js';

/** When a check's status changes are worth telling anyone (per check, over organization defaults). */
export const notificationOptionsSchema = z
  .object({
    alertOn: z.array(z.enum(PROBLEM_STATUSES)).max(3).openapi({ description: 'Statuses that alert (default: failure, warning, overdue).' }),
    notifyOnRestore: z.boolean().openapi({ description: 'Tell when the check returns to success after an alert (default true).' }),
    repeat: z.enum(['every', 'first', 'interval']).openapi({ description: 'While problems last: alert on every one, only the first of the run, or at most once per repeatHours (default every). A worse status always alerts.' }),
    repeatHours: z.number().min(0.25).max(24 * 30).openapi({ description: 'For repeat "interval" (default 24).' }),
    graceMinutes: z.number().int().min(0).max(7 * 24 * 60).openapi({ description: 'Hold an alert this long and drop it if a success arrives meanwhile (default 0).' }),
    afterConsecutive: z.number().int().min(1).max(100).openapi({ description: 'Alert only from the Nth problem in a row (default 1).' }),
    notifyOutsideWindow: z.boolean().openapi({ description: "Alert for reports processed outside the schedule's arrival window (default true)." }),
    notifyUsers: z.boolean().openapi({ description: "Failure and warning notifications to users, by each one's personal notification settings (default true)." }),
    userIds: z
      .array(z.number().int().positive())
      .max(1000)
      .nullable()
      .openapi({ description: 'Only these users (of those authorized for the check); null: every authorized user (default).' }),
  })
  .openapi('NotificationOptions');

export type NotificationOptions = z.infer<typeof notificationOptionsSchema>;

export const BUILT_IN_DEFAULTS: NotificationOptions = {
  alertOn: ['failure', 'warning', 'overdue'],
  notifyOnRestore: true,
  repeat: 'every',
  repeatHours: 24,
  graceMinutes: 0,
  afterConsecutive: 1,
  notifyOutsideWindow: true,
  notifyUsers: true,
  userIds: null,
};

/** A check's own choices: any option left out (or null) follows the organization default. */
export const notificationOverridesSchema = z.object(
  Object.fromEntries(Object.entries(notificationOptionsSchema.shape).map(([k, v]) => [k, v.nullable().optional()])) as {
    [K in keyof NotificationOptions]: z.ZodOptional<z.ZodNullable<(typeof notificationOptionsSchema.shape)[K]>>;
  },
);

export type NotificationOverrides = { [K in keyof NotificationOptions]?: NotificationOptions[K] | null };

export function effectiveOptions(defaults: NotificationOptions, overrides: NotificationOverrides): NotificationOptions {
  const own = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== null && v !== undefined));
  return { ...defaults, ...own };
}

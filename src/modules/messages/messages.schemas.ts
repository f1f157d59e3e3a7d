import { z } from '@hono/zod-openapi';
import { activitySchema } from '../activities/activities.schemas.js';

export const messageSummarySchema = z
  .object({
    id: z.number().int(),
    receivedAt: z.string(),
    mailFrom: z.string().openapi({ description: 'The SMTP envelope sender.' }),
    rcptTo: z.array(z.string()).openapi({ description: 'The SMTP envelope recipients.' }),
    subject: z.string(),
    from: z.string().openapi({ description: 'The From header as displayed.' }),
    to: z.string().openapi({ description: 'The To and Cc headers as displayed.' }),
    date: z.string().nullable().openapi({ description: 'The Date header, when valid.' }),
    size: z.number().int(),
    matched: z.boolean(),
    problems: z.array(z.string()).openapi({ description: 'What could not be read from the MIME, in words.' }),
  })
  .openapi('MessageSummary');

export const messageSchema = messageSummarySchema
  .extend({
    messageId: z.string().nullable().openapi({ description: 'The Message-ID header.' }),
    headers: z.array(z.object({ name: z.string(), value: z.string() })),
    text: z.string().openapi({ description: 'The text body; for HTML-only mail, its text rendering.' }),
    html: z.string().nullable().openapi({ description: 'The HTML body as sent. Untrusted: never render it unsanitised.' }),
    attachments: z.array(
      z.object({
        filename: z.string().nullable(),
        contentType: z.string(),
        size: z.number().int(),
        text: z.string().nullable().openapi({ description: 'The text of a text-like attachment (up to 1 MiB).' }),
      }),
    ),
    activities: z.array(activitySchema).openapi({ description: 'The checks this message belongs to, with the status it gave each.' }),
  })
  .openapi('Message');

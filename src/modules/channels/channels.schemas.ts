import { z } from '@hono/zod-openapi';
import { CHANNEL_TYPES } from './channels.registry.js';

const config = z.record(z.string(), z.unknown()).openapi({ description: 'The settings of this channel type (see the README); secret fields are write-only.' });
const name = z.string().trim().min(1).max(100);

export const createChannelSchema = z.object({ type: z.enum(CHANNEL_TYPES), name, config }).openapi('CreateChannel');

export const updateChannelSchema = z
  .object({ name: name.optional(), config: config.optional().openapi({ description: 'Keys given replace the stored ones (null removes an optional key); secrets left out are kept.' }) })
  .openapi('UpdateChannel');

export const channelSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(CHANNEL_TYPES),
    name: z.string(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'Secrets are masked: a URL shows only its origin, a key only its last characters.' }),
    secretFields: z.array(z.string()).openapi({ description: 'Config keys kept encrypted and never returned whole.' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Channel');

export const sendOutcomeSchema = z
  .object({
    ok: z.boolean(),
    status: z.number().int().optional().openapi({ description: 'The HTTP status the service answered, where there is one.' }),
    error: z.string().optional(),
    retryable: z.boolean().optional(),
    response: z.string().optional().openapi({ description: 'The start of what the service answered.' }),
    durationMs: z.number().int(),
  })
  .openapi('SendOutcome');

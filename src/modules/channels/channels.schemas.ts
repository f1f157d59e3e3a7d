import { z } from '@hono/zod-openapi';
import { CHANNEL_TYPES } from './channels.registry.js';

const config = z.record(z.string(), z.unknown()).openapi({ description: 'The settings of this channel type (see the README); secret fields are write-only.' });
const name = z.string().trim().min(1).max(100);

export const createChannelSchema = z.object({ type: z.enum(CHANNEL_TYPES), name, config }).openapi('CreateChannel');

export const updateChannelSchema = z
  .object({ name: name.optional(), config: config.optional().openapi({ description: 'Keys given replace the stored ones (null removes an optional key); secrets left out are kept.' }) })
  .openapi('UpdateChannel');

export const connectionSchema = z
  .object({
    state: z.enum(['not-connected', 'connected', 'reconnect-needed']),
    account: z.string().nullable().optional().openapi({ description: 'Who signed in.' }),
    reason: z.string().optional().openapi({ description: 'Why the vendor refused the grant (reconnect-needed); deliveries fail with it until someone connects again.' }),
  })
  .openapi('ChannelConnection');

export const connectStartedSchema = z
  .object({
    userCode: z.string().openapi({ description: 'The code to enter at verificationUri.' }),
    verificationUri: z.string(),
    expiresAt: z.string().openapi({ description: 'When the code stops working.' }),
    interval: z.number().int().openapi({ description: 'Seconds to wait between polls (GET).' }),
    message: z.string().openapi({ description: "The vendor's instructions, in words." }),
  })
  .openapi('ConnectStarted');

export const connectStateSchema = z
  .object({
    state: z.enum(['pending', 'connected', 'declined', 'expired']),
    account: z.string().optional(),
  })
  .openapi('ConnectState');

export const channelSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(CHANNEL_TYPES),
    name: z.string(),
    config: z.record(z.string(), z.unknown()).openapi({ description: 'Secrets are masked: a URL shows only its origin, a key only its last characters.' }),
    secretFields: z.array(z.string()).openapi({ description: 'Config keys kept encrypted and never returned whole.' }),
    connection: connectionSchema.optional().openapi({ description: 'Channels that sign in to an account (microsoft-todo): whose account, or why it must be connected again.' }),
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
    problems: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: "A ticketing system's settings its vendor does not have (a board, a status, a priority), named as the channel's config names them." }),
  })
  .openapi('SendOutcome');

export const lookupKindsSchema = z
  .object({
    lookups: z.array(
      z.object({
        kind: z.string().openapi({ example: 'boards' }),
        noun: z.string().openapi({ description: "One item, in the vendor's words.", example: 'service board' }),
        config: z.array(z.string()).openapi({ description: 'The channel settings the list fills (dotted for nested ones).' }),
        fields: z.array(z.string()).openapi({ description: 'The ticket fields of checks and groups it fills.' }),
        parent: z.string().nullable().openapi({ description: 'The setting or field whose choice the list depends on; pass its value as `parent`.' }),
      }),
    ),
  })
  .openapi('LookupKinds');

export const lookupQuerySchema = z.object({
  search: z.string().trim().min(1).max(200).optional().openapi({ description: 'Only the choices whose name holds this text.' }),
  page: z.string().min(1).max(2000).optional().openapi({ description: 'The `nextPage` of the previous answer.' }),
  parent: z.string().trim().min(1).max(200).optional().openapi({ description: 'The choice this list depends on (a board for its statuses).' }),
});

export const lookupPageSchema = z
  .object({
    kind: z.string(),
    noun: z.string(),
    items: z.array(z.object({ id: z.string().openapi({ description: 'What the setting takes.' }), name: z.string() })),
    nextPage: z.string().nullable().openapi({ description: 'Pass as `page` for the next page; null on the last.' }),
  })
  .openapi('LookupPage');

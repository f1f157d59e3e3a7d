import { z } from '@hono/zod-openapi';
import { MEDIA } from '../personal/personal.media.types.js';
import { DELIVERY_STATES } from './deliveries.repository.js';

export const deliverySchema = z
  .object({
    id: z.number().int(),
    state: z.enum(DELIVERY_STATES).openapi({ description: 'pending (due at nextAttemptAt), sending, delivered, failed (given up) or cancelled (held under a grace period that a success ended, or a personal notification for a check its user may no longer see).' }),
    channelId: z.number().int().nullable().openapi({ description: 'The channel; null for a personal notification (see userId).' }),
    userId: z.number().int().nullable().openapi({ description: 'For a personal notification: the user it is for. Viewers see only their own.' }),
    medium: z.enum(MEDIA).nullable().openapi({ description: 'For a personal notification: email, sms, push, pushbullet or pushover.' }),
    checkId: z.number().int().nullable(),
    eventId: z.number().int(),
    event: z.enum(['alert', 'restore', 'test']),
    status: z.string(),
    previousStatus: z.string(),
    activityId: z.number().int().nullable(),
    attemptCount: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    giveUpAt: z.string(),
    lastError: z.string().nullable(),
    deliveredAt: z.string().nullable(),
    ticketId: z.number().int().nullable().openapi({ description: 'For ticketing systems: the ticket this delivery opened, noted or closed (see GET /tickets).' }),
    idempotencyKey: z.string().openapi({ description: 'Sent with every attempt where the service allows (Idempotency-Key header for webhooks).' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Delivery');

export const attemptSchema = z
  .object({
    at: z.string(),
    durationMs: z.number().int(),
    ok: z.boolean(),
    httpStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    response: z.string().nullable().openapi({ description: 'The start of what the service answered.' }),
  })
  .openapi('DeliveryAttempt');

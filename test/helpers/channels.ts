import path from 'node:path';
import type { ChannelContext } from '../../src/modules/alerts/channels/channel.types.js';
import type { MediumContext } from '../../src/modules/personal/personal.media.types.js';
import { TemplateSet } from '../../src/modules/alerts/alerts.templates.js';
import { createHttpClient } from '../../src/shared/http-client.js';

export const templates = TemplateSet.load([path.join(import.meta.dirname, '..', '..', 'templates')]);

/** What a channel adapter gets when the delivery worker calls it, with loopback allowed for the test receiver. */
export function channelContext(over: Partial<ChannelContext> = {}): ChannelContext {
  return {
    http: createHttpClient({ allowPrivate: true, allow: [] }),
    templates,
    idempotencyKey: 'delivery-0000-test',
    ...over,
  };
}

/** What a personal medium gets when the delivery worker calls it, with loopback allowed for the fake vendors. */
export function mediumContext(over: Partial<MediumContext> = {}): MediumContext {
  return { http: createHttpClient({ allowPrivate: true, allow: [] }), idempotencyKey: 'delivery-0000-test', ...over };
}

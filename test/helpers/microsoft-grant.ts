import crypto from 'node:crypto';
import type { Db } from '../../src/db/database.js';
import type { GrantStore } from '../../src/modules/alerts/channels/channel.types.js';
import { channelGrants } from '../../src/modules/channels/channels.grants.js';
import { insertChannel } from '../../src/modules/channels/channels.repository.js';
import { adapterFor } from '../../src/modules/channels/channels.registry.js';
import type { TicketingAdapter } from '../../src/modules/tickets/tickets.types.js';
import type { Clock } from '../../src/shared/clock.js';
import { SecretBox } from '../../src/shared/secrets.js';
import { channelContext } from './channels.js';
import { CLIENT_ID, type FakeMicrosoft, LIST_ID } from './fake-microsoft.js';

export const box = new SecretBox(crypto.randomBytes(32));

/** The To Do integration, found as the delivery worker finds it: by its channel type. */
export const todo = () => adapterFor('microsoft-todo') as TicketingAdapter & Required<Pick<TicketingAdapter, 'startDeviceCode' | 'pollDeviceCode'>>;

export const todoConfig = (ms: FakeMicrosoft, over: Record<string, unknown> = {}) => todo().config.parse({ apiUrl: ms.apiUrl, loginUrl: ms.loginUrl, clientId: CLIENT_ID, listId: LIST_ID, ...over });

/** A To Do channel row and its grant store, as a node's delivery worker builds it. */
export async function todoChannel(db: Db, clock: Clock) {
  const now = clock.now().toISOString();
  const id = await insertChannel(db, { type: 'microsoft-todo', name: 'To Do', config: '{}', secrets: null, created_at: now, updated_at: now });
  return { id, store: channelGrants({ db, box, clock }, id) };
}

/** Signs in as a person would: the code entered and approved at Microsoft's page, the grant saved. */
export async function signIn(ms: FakeMicrosoft, store: GrantStore, clock: Clock, account = 'ops@acme.example') {
  const c = todoConfig(ms);
  const ctx = channelContext({ grant: store });
  const started = await todo().startDeviceCode(c, ctx);
  if (!started.ok) throw new Error(started.error);
  ms.approve(started.userCode, account);
  const polled = await todo().pollDeviceCode(c, started.deviceCode, ctx);
  if (!('state' in polled) || polled.state !== 'connected') throw new Error(`not connected: ${JSON.stringify(polled)}`);
  const accessExpiresAt = new Date(clock.now().getTime() + polled.expiresIn * 1000).toISOString();
  await store.save({ refreshToken: polled.refreshToken, accessToken: polled.accessToken, accessExpiresAt, account: polled.account }, (await store.load()).stamp);
}

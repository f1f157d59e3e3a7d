import type { Api, ApiDeps } from '../api/api.types.js';
import { registerAttachment } from './routes/attachment.route.js';
import { registerGetMessage } from './routes/get-message.route.js';
import { registerListMessages } from './routes/list-messages.route.js';
import { registerRawMessage } from './routes/raw-message.route.js';
import { registerReparseMessage } from './routes/reparse-message.route.js';

export function registerMessageRoutes(api: Api, deps: ApiDeps) {
  for (const register of [registerListMessages, registerGetMessage, registerRawMessage, registerAttachment, registerReparseMessage]) register(api, deps);
}

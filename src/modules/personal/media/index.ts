import type { Medium, MediumAdapter } from '../personal.media.types.js';
import { emailMedium } from './email.medium.js';
import { pushbulletMedium } from './pushbullet.medium.js';
import { pushoverMedium } from './pushover.medium.js';
import { smsMedium } from './sms.medium.js';
import { webpushMedium } from './webpush.medium.js';

/** Every medium a user can be notified on, by the name the API uses. */
export const mediumAdapters = {
  email: emailMedium,
  sms: smsMedium,
  push: webpushMedium,
  pushbullet: pushbulletMedium,
  pushover: pushoverMedium,
} satisfies Record<Medium, MediumAdapter>;

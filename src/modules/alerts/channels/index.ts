import type { ChannelAdapter } from './channel.types.js';
import { discordChannel } from './discord.channel.js';
import { emailChannel } from './email.channel.js';
import { googlechatChannel } from './googlechat.channel.js';
import { iftttChannel } from './ifttt.channel.js';
import { jiraAutomationChannel } from './jira-automation.channel.js';
import { mattermostChannel } from './mattermost.channel.js';
import { ntfyChannel } from './ntfy.channel.js';
import { pushoverChannel } from './pushover.channel.js';
import { rocketchatChannel } from './rocketchat.channel.js';
import { slackChannel } from './slack.channel.js';
import { teamsChannel } from './teams.channel.js';
import { webhookChannel } from './webhook.channel.js';

/** Every notification service, by the channel type the API uses. */
export const channelAdapters = {
  email: emailChannel,
  slack: slackChannel,
  teams: teamsChannel,
  discord: discordChannel,
  googlechat: googlechatChannel,
  mattermost: mattermostChannel,
  rocketchat: rocketchatChannel,
  pushover: pushoverChannel,
  ntfy: ntfyChannel,
  webhook: webhookChannel,
  ifttt: iftttChannel,
  'jira-automation': jiraAutomationChannel,
} satisfies Record<string, ChannelAdapter>;

export type NotificationType = keyof typeof channelAdapters;

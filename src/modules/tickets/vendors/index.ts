import type { TicketingAdapter } from '../tickets.types.js';
import { asanaTicketing } from './asana.ticketing.js';
import { autotaskTicketing } from './autotask.ticketing.js';
import { connectwiseTicketing } from './connectwise.ticketing.js';
import { freshdeskTicketing } from './freshdesk.ticketing.js';
import { githubTicketing } from './github.ticketing.js';
import { gitlabTicketing } from './gitlab.ticketing.js';
import { halopsaTicketing } from './halopsa.ticketing.js';
import { jiraTicketing } from './jira.ticketing.js';
import { redmineTicketing } from './redmine.ticketing.js';
import { syncroTicketing } from './syncro.ticketing.js';
import { zendeskTicketing } from './zendesk.ticketing.js';

/** Every ticketing system, by the channel type the API uses. */
export const ticketingAdapters = {
  connectwise: connectwiseTicketing,
  autotask: autotaskTicketing,
  halopsa: halopsaTicketing,
  jira: jiraTicketing,
  zendesk: zendeskTicketing,
  freshdesk: freshdeskTicketing,
  syncro: syncroTicketing,
  github: githubTicketing,
  gitlab: gitlabTicketing,
  asana: asanaTicketing,
  redmine: redmineTicketing,
} satisfies Record<string, TicketingAdapter>;

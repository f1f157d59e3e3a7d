import type { TicketingAdapter } from '../tickets.types.js';
import { asanaTicketing } from './asana.ticketing.js';
import { ateraTicketing } from './atera.ticketing.js';
import { autotaskTicketing } from './autotask.ticketing.js';
import { bugzillaTicketing } from './bugzilla.ticketing.js';
import { connectwiseTicketing } from './connectwise.ticketing.js';
import { freshdeskTicketing } from './freshdesk.ticketing.js';
import { githubTicketing } from './github.ticketing.js';
import { gitlabTicketing } from './gitlab.ticketing.js';
import { halopsaTicketing } from './halopsa.ticketing.js';
import { jiraTicketing } from './jira.ticketing.js';
import { jiraServiceManagementTicketing } from './jira-service-management.ticketing.js';
import { kaseyaBmsTicketing } from './kaseya-bms.ticketing.js';
import { slackAppTicketing } from './slack-app.ticketing.js';
import { microsoftTodoTicketing } from './microsoft-todo.ticketing.js';
import { redmineTicketing } from './redmine.ticketing.js';
import { syncroTicketing } from './syncro.ticketing.js';
import { zendeskTicketing } from './zendesk.ticketing.js';

/** Every ticketing system, by the channel type the API uses (and Slack through an app, whose threads follow an incident as tickets do). */
export const ticketingAdapters = {
  connectwise: connectwiseTicketing,
  autotask: autotaskTicketing,
  halopsa: halopsaTicketing,
  'kaseya-bms': kaseyaBmsTicketing,
  jira: jiraTicketing,
  'jira-service-management': jiraServiceManagementTicketing,
  zendesk: zendeskTicketing,
  freshdesk: freshdeskTicketing,
  syncro: syncroTicketing,
  atera: ateraTicketing,
  github: githubTicketing,
  gitlab: gitlabTicketing,
  bugzilla: bugzillaTicketing,
  'slack-app': slackAppTicketing,
  'microsoft-todo': microsoftTodoTicketing,
  asana: asanaTicketing,
  redmine: redmineTicketing,
} satisfies Record<string, TicketingAdapter>;

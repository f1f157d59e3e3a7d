import type { TicketRequest } from '../../src/modules/tickets/tickets.types.js';
import { splitTitle } from '../../src/modules/alerts/alerts.templates.js';
import { sampleViews } from './alert-views.js';
import { templates } from './channels.js';

/** The marker the lifecycle gives the incident these requests belong to. */
export const MARKER = 'backwatch-incident-41-7';

const request = (template: 'open' | 'note' | 'close', view: TicketRequest['view'], fields: Record<string, string> = {}): TicketRequest => {
  const { title, body } = splitTitle(templates.render('tickets', template, view));
  return { view, fields: { assetId: view.check.assetId ?? '', ...fields }, subject: title, body, priority: view.status === 'warning' ? 'low' : 'high', marker: MARKER };
};

/** The requests the ticket lifecycle makes for one incident: open on a failure, a note for the next, close on recovery. */
export const ticketRequests = (fields: Record<string, string> = {}) => ({
  open: request('open', sampleViews.failure, fields),
  openWarning: request('open', sampleViews.warning, fields),
  openOverdue: request('open', sampleViews.overdue, fields),
  note: request('note', sampleViews.failure, fields),
  close: request('close', sampleViews.restore, fields),
});

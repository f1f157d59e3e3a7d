import type { AlertView } from '../../src/modules/alerts/alerts.models.js';
import { buildAlertView } from '../../src/modules/alerts/alerts.view.js';

const check = { id: 42, name: 'User01: Documents', group: 'Acme Corp', labels: ['Comet'], description: 'Nightly files', assetId: 'WS-0042' };
const report = `Job Report

Error - Backup of "Documents"

Username: user01
Type: Backup
Status: Error
Protected Item: "Documents"
Storage Vault: "Offsite Comet Server"
Device: "DESKTOP-9J8JGB3"
Total Size: 168.627 KB
`;

/** Views for the three kinds of message (and an overdue alert), as the outbox freezes them. */
export const sampleViews: Record<'failure' | 'warning' | 'overdue' | 'restore' | 'test', AlertView> = {
  failure: buildAlertView({
    event: 'alert',
    status: 'failure',
    previousStatus: 'success',
    check,
    activity: { id: 7, messageId: 9, at: '2026-11-20T20:14:00.000Z', subject: 'Error - Backup of "Documents"' },
    matchedRules: [
      { group: 'matching', index: 0, field: 'subject', operator: 'contains', value: 'Documents' },
      { group: 'failure', index: 0, field: 'body', operator: 'contains', value: 'Status: Error' },
    ],
    statusSource: 'failure',
    reasons: [],
    text: report,
    expectedAt: null,
    timezone: 'Europe/Berlin',
    publicUrl: 'https://backwatch.example.com',
  }),
  warning: buildAlertView({
    event: 'alert',
    status: 'warning',
    previousStatus: 'success',
    check,
    activity: { id: 8, messageId: 10, at: '2026-11-20T20:14:00.000Z', subject: 'Warning - Backup of "Documents" <with> & "quotes"' },
    matchedRules: [{ group: 'warning', index: 0, field: 'subject', operator: 'contains', value: 'Warning' }],
    statusSource: 'warning',
    reasons: [],
    text: report.replace('Status: Error', 'Status: Warning'),
    expectedAt: null,
    timezone: 'Europe/Berlin',
    publicUrl: 'https://backwatch.example.com',
  }),
  overdue: buildAlertView({
    event: 'alert',
    status: 'overdue',
    previousStatus: 'success',
    check: { ...check, group: null },
    activity: { id: 11, messageId: null, at: '2026-11-21T20:30:00.000Z', subject: '' },
    matchedRules: [],
    statusSource: null,
    reasons: [],
    text: '',
    expectedAt: '2026-11-21T20:00:00.000Z',
    timezone: 'Europe/Berlin',
    publicUrl: 'https://backwatch.example.com',
  }),
  restore: buildAlertView({
    event: 'restore',
    status: 'success',
    previousStatus: 'failure',
    check,
    activity: { id: 12, messageId: 13, at: '2026-11-22T20:05:00.000Z', subject: 'Success - Backup of "Documents"' },
    matchedRules: [{ group: 'success', index: 0, field: 'subject', operator: 'contains', value: 'Success' }],
    statusSource: 'success',
    reasons: [],
    text: report.replace('Status: Error', 'Status: Success'),
    expectedAt: null,
    timezone: 'Europe/Berlin',
    publicUrl: 'https://backwatch.example.com',
  }),
  test: buildAlertView({
    event: 'test',
    status: 'success',
    previousStatus: 'success',
    check: { id: 0, name: 'backwatch test message', group: null, labels: [], description: '', assetId: null },
    activity: { id: null, messageId: null, at: '2026-11-20T12:00:00.000Z', subject: '' },
    matchedRules: [],
    statusSource: null,
    reasons: [],
    text: '',
    expectedAt: null,
    timezone: 'Europe/Berlin',
    publicUrl: 'https://backwatch.example.com',
  }),
};

export type { AlertView };

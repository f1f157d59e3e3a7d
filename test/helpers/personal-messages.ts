import type { PersonalMessage } from '../../src/modules/personal/personal.media.types.js';

const check = 'User01: Documents (Acme Corp)';
const url = 'https://backwatch.example.com/checks/42';

/** One personal notification of each kind, as the outbox hands them to a medium. */
export const sampleMessages = {
  failure: {
    title: `Failure: ${check}`,
    body: 'Why: Body contains "Status: Error"\nReceived: 2026-11-20 03:14 (was Success)\nStatus: Error - 2 of 1,204 files failed',
    checkName: check,
    url,
    status: 'failure',
    event: 'alert',
  },
  warning: { title: `Warning: ${check}`, body: 'Why: Body contains "Warning"\nReceived: 2026-11-20 03:14', checkName: check, url, status: 'warning', event: 'alert' },
  overdue: { title: `Overdue: ${check}`, body: 'No report since 2026-11-18 03:10 (expected daily)', checkName: check, url, status: 'overdue', event: 'alert' },
  restore: { title: `Recovered: ${check}`, body: 'Success again after 2 failures', checkName: check, url, status: 'success', event: 'restore' },
  test: { title: 'Test notification from backwatch', body: 'Your notifications reach you here.', checkName: '', url: null, status: 'test', event: 'test' },
} satisfies Record<string, PersonalMessage>;

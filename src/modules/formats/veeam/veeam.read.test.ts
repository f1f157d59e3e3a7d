import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../messages/messages.html-text.js';
import type { ReadContext, ReportMessage } from '../formats.models.js';
import { veeamFormat } from './veeam.format.js';

const CONTEXT: ReadContext = { timezone: 'Europe/Berlin', receivedAt: '2026-11-04T12:00:00Z', options: {} };

const read = (message: ReportMessage, context: Partial<ReadContext> = {}) => veeamFormat.read(message, { ...CONTEXT, ...context });
const readOne = (message: ReportMessage, context: Partial<ReadContext> = {}) => read(message, context)[0]!;

function message(fields: Partial<ReportMessage>): ReportMessage {
  return { subject: '', from: [], headers: [], text: '', html: null, attachments: [], ...fields };
}

interface Report {
  title?: string;
  status?: string;
  processed?: string;
  date?: string;
  grid?: [string, string][];
  details?: string;
  columns?: string[];
  objects?: string[][];
  footer?: string;
}

const GRID: [string, string][] = [
  ['Success', '2'], ['Start time', '10:00:03 PM'], ['Total size', '120.0 GB'], ['Backup size', '9.0 GB'],
  ['Warning', '0'], ['End time', '10:20:03 PM'], ['Data read', '30.0 GB'], ['Dedupe', '1.5x'],
  ['Error', '0'], ['Duration', '0:20:00'], ['Transferred', '10.0 GB'], ['Compression', '2.0x'],
];
const COLUMNS = ['Name', 'Status', 'Start time', 'End time', 'Size', 'Read', 'Transferred', 'Duration', 'Details'];
const OBJECTS = [
  ['vm01', 'Success', '10:00:10 PM', '10:10:10 PM', '60.0 GB', '15.0 GB', '5.0 GB', '0:10:00', ''],
  ['vm02', 'Success', '10:00:10 PM', '10:20:00 PM', '60.0 GB', '15.0 GB', '5.0 GB', '0:19:50', ''],
];

const td = (text: string, attributes = '') => `<td${attributes} style="padding: 2px 3px;border: 1px solid #a7a9ac;">${text}</td>`;

/** A report in the layout of the VBR session report (title row, date, 3 x 4 grid with a details cell, Details table). */
function vbrHtml(r: Report = {}): string {
  const grid = r.grid ?? GRID;
  const gridRows = [0, 1, 2].map((k) => {
    const pairs = grid.slice(k * 4, k * 4 + 4).map(([label, value]) => td(`<b>${label}</b>`) + td(value)).join('');
    return `<tr>${pairs}${k === 0 ? td(r.details ?? '', ' rowspan="3"') : ''}</tr>`;
  });
  const header = `<tr>${(r.columns ?? COLUMNS).map((c) => td(`<b>${c}</b>`)).join('')}</tr>`;
  const objects = (r.objects ?? OBJECTS).map((o) => `<tr>${o.map((c) => td(c)).join('')}</tr>`).join('\n');
  return `<html><body><table><tr><td><table>
<tr><td style="background-color: #00B050;">${r.title ?? 'Backup job: Nightly VMs'}<div class="jobDescription">Created by EXAMPLE\\admin.</div></td>
<td>${r.status ?? 'Success'}<div class="jobDescription">${r.processed ?? '2 of 2 VMs processed'}</div></td></tr>
<tr><td colspan="2"><table class="inner">
<tr><td colspan="9" class="sessionDetails"><span>${r.date ?? 'Tuesday, November 3, 2026 10:00:03 PM'}</span></td></tr>
${gridRows.join('\n')}
<tr><td colspan="9">Details</td></tr>
${header}
${objects}
</table></td></tr></table></td></tr></table>
<div>${r.footer ?? 'Veeam Backup &amp; Replication 12.3.1.1139'}</div></body></html>`;
}

const vbr = (subject: string, r: Report = {}) => message({ subject, html: vbrHtml(r) });

describe('status', () => {
  it.each([
    ['[Success] Nightly VMs (2 objects) ', 'success', 'Success'],
    ['[Warning] Nightly VMs (2 objects) 1 warning', 'warning', 'Success'],
    ['[Failed] Nightly VMs (2 objects) 1 failed', 'failure', 'Success'],
  ])('%s is %s', (subject, status) => {
    const job = readOne(vbr(subject, { status: subject.slice(1, subject.indexOf(']')) }));
    expect(job.status).toBe(status);
    expect(job.statusText).toBe(subject.slice(1, subject.indexOf(']')));
    expect(job.problems).toEqual([]);
  });

  it('never takes the grid\'s Success / Warning / Error labels for the status', () => {
    const grid = GRID.map(([label, value]): [string, string] => [label, label === 'Error' ? '2' : value]);
    const job = readOne(message({ subject: '[Success] Nightly VMs (2 objects)', html: vbrHtml({ grid, status: '' }) }));
    expect(job.status).toBe('success');
    const untokened = readOne(message({ subject: 'Nightly VMs', html: vbrHtml({ grid, status: '' }) }));
    expect(untokened.status).toBeNull();
    expect(untokened.problems).toContain('no status could be read');
  });

  it('reads the status cell when the subject has no token, and says when subject and report disagree', () => {
    expect(readOne(vbr('Nightly VMs finished', { status: 'Warning' })).status).toBe('warning');
    expect(readOne(vbr('[Success] Nightly VMs (2 objects)', { status: 'Failed' })).problems).toContain('the subject says "Success" but the report says "Failed"');
  });

  it('is unknown, with a problem, for a status word it does not read', () => {
    const job = readOne(vbr('Nightly VMs', { status: 'Erfolgreich' }));
    expect(job).toMatchObject({ status: 'unknown', statusText: 'Erfolgreich' });
    expect(job.problems).toContain('Status: "Erfolgreich" is not a Veeam result');
  });

  it('counts the objects by their own statuses, whatever the job says', () => {
    const objects = [OBJECTS[0]!, ['vm02', 'Warning', '', '', '1 GB', '', '', '0:00:10', 'Low space'], ['vm03', 'Failed', '', '', '', '', '', '', 'Error: timeout'], ['vm04', 'Pending', '', '', '', '', '', '', '']];
    const job = readOne(vbr('[Failed] Nightly VMs (4 objects) 2 issues', { objects }));
    expect(job).toMatchObject({ errorCount: 1, warningCount: 1, objects: 4, keyLines: ['vm02: Low space', 'vm03: Error: timeout'] });
    expect(job.parts[3]).toMatchObject({ status: null, statusText: 'Pending' });
  });
});

describe('subjects and names', () => {
  it.each([
    ['FW: [Success] Nightly VMs (2 objects) ', 'Nightly VMs', 2],
    ['[Success] Nightly VMs (2 VMs)', 'Nightly VMs', 2],
    ['Support expired. Renew at veeam.com [Success] Nightly (Prod) VMs (12 objects) ', 'Nightly (Prod) VMs', 12],
  ])('%s → %s', (subject, item, objects) => {
    const m = message({ subject, html: vbrHtml({ title: 'Other' }) });
    expect(veeamFormat.recognises(m)).toBe(true);
    expect(readOne(m)).toMatchObject({ item, objects });
  });

  it('prefers the title row\'s name and kind, and the server the footer names', () => {
    const job = readOne(vbr('[Success] Custom subject', { title: 'Replication job: DR Replicas', footer: 'Server VBR01 : Veeam Backup &amp; Replication 12.3.1.1139' }));
    expect(job).toMatchObject({ item: 'DR Replicas', type: 'Replication', device: 'VBR01', version: '12.3.1.1139', objects: 2 });
  });

  it('reads a retry from the subject too', () => {
    expect(readOne(vbr('[Success] Nightly VMs (Retry 3) (1 objects)', { title: 'Other' })).extra['veeam.retry']).toBe(3);
  });

  it('reads VB365 from the subject alone when the body names no objects', () => {
    const m = message({ subject: '[Warning] fabrikam.onmicrosoft.com - SharePoint - Sites (40 objects), 2 issues', html: '<p>Veeam Backup for Microsoft 365</p>' });
    expect(readOne(m)).toMatchObject({ tenant: 'fabrikam.onmicrosoft.com', item: 'SharePoint - Sites', objects: 40, status: 'warning', problems: ['the body holds no Veeam report table'] });
  });

  it('takes the Windows agent\'s end from %CompletionTime% when the body has none', () => {
    const m = message({ subject: '[Success] PC-01 - Daily - 11/3/2026 11:05:00 PM', html: '<p>Veeam Agent for Microsoft Windows 6.3.0.177</p>' });
    expect(readOne(m)).toMatchObject({ device: 'PC-01', item: 'Daily', stoppedAt: '2026-11-03T22:05:00Z' });
  });
});

describe('times', () => {
  it('reads (+1) and an end before the start as the next day', () => {
    const grid = GRID.map(([l, v]): [string, string] => [l, l === 'End time' ? '1:10:00 AM' : v]);
    expect(readOne(vbr('[Success] N (2 objects)', { grid })).stoppedAt).toBe('2026-11-04T00:10:00Z');
    const plus = GRID.map(([l, v]): [string, string] => [l, l === 'End time' ? '11:00:00 PM (+1)' : v]);
    expect(readOne(vbr('[Success] N (2 objects)', { grid: plus })).stoppedAt).toBe('2026-11-04T22:00:00Z');
  });

  it('puts times of day without a session date on the day the mail came, or the day before when that would be later', () => {
    const noon = readOne(vbr('[Success] N (2 objects)', { date: '' }), { receivedAt: '2026-11-05T10:00:00Z' });
    expect(noon.startedAt).toBe('2026-11-04T21:00:03Z');
    const late = readOne(vbr('[Success] N (2 objects)', { date: '' }), { receivedAt: '2026-11-04T21:30:00Z' });
    expect(late.startedAt).toBe('2026-11-04T21:00:03Z');
  });

  it('reads the long date in the language vee-mail\'s system wrote it', () => {
    const grid = GRID.map(([l, v]): [string, string] => [l, l === 'Start time' ? '22:00:03' : l === 'End time' ? '22:20:03' : v]);
    const job = readOne(vbr('[Success] N (2 objects)', { grid, date: 'Dienstag, 03 November 2026 22:00:03' }), { receivedAt: '2026-11-09T12:00:00Z' });
    expect(job.startedAt).toBe('2026-11-03T21:00:03Z');
    expect(job.problems).toEqual([]);
  });

  it('reads 24-hour times and the zone of the context', () => {
    const grid = GRID.map(([l, v]): [string, string] => [l, l === 'Start time' ? '22:00:03' : l === 'End time' ? '22:20:03' : v]);
    const job = readOne(vbr('[Success] N (2 objects)', { grid, date: 'Tuesday, 3 November 2026 22:00:03' }), { timezone: 'America/New_York' });
    expect(job.startedAt).toBe('2026-11-04T03:00:03Z');
  });
});

describe('a report that cannot be read in full', () => {
  it('says which values are unreadable instead of guessing', () => {
    const grid = GRID.map(([l, v]): [string, string] => [l, l === 'Total size' ? '12 XB' : l === 'Duration' ? 'soon' : l === 'Start time' ? '25:99' : v]);
    const objects = [['vm01', 'Success', '', '', 'lots', '', '', '0:01:00', '']];
    const job = readOne(vbr('[Success] N (1 objects)', { grid, objects, date: 'Tuesday, Brumaire 13, 2026 10:00:03 PM' }));
    expect(job.problems).toEqual([
      'the session date "Tuesday, Brumaire 13, 2026 10:00:03 PM" is not a date',
      'Start time: "25:99" is not a time',
      'Duration: "soon" is not a duration',
      'Total size: "12 XB" is not a size',
      'Size of "vm01": "lots" is not a size',
    ]);
    expect(job.sizeBytes).toBeNull();
    expect(job.durationSeconds).toBeNull();
  });

  it('reads a report rendered to text (a copy that lost its HTML) as it reads the HTML', () => {
    const html = readOne(vbr('[Warning] Nightly VMs (2 objects) 1 warning'));
    const rendered = htmlToText(vbrHtml());
    const text = readOne(message({ subject: '[Warning] Nightly VMs (2 objects) 1 warning', text: rendered }));
    expect(text).toEqual(html);
  });

  it.each([
    ['garbled HTML', '<html><table><tr><td>Backup job: <b>X</td><td><<<>>></table></tr></td><div>Veeam Backup &amp; Replication'],
    ['a table with no rows', '<table></table> Veeam Agent for Linux'],
    ['no HTML at all', 'Veeam Backup & Replication'],
  ])('gives a job with problems for %s, not an exception', (_, html) => {
    const job = readOne(message({ subject: '[Failed] X (1 objects)', html }));
    expect(job.status).toBe('failure');
    expect(job.problems.length).toBeGreaterThan(0);
  });

  it('reads hostile input in bounded time', () => {
    const inputs = [
      '<td>'.repeat(500_000),
      '<'.repeat(1_000_000),
      '<table>'.repeat(200_000),
      `<style>${'x'.repeat(1_000_000)}`,
      `<table><tr><td>${'&amp;'.repeat(200_000)}Backup job: ${'a '.repeat(200_000)}</td></tr></table>`,
      `Veeam Backup & Replication${' '.repeat(1_000_000)}Name Status Start time`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      const m = message({ subject: `${'['.repeat(5_000)}[Failed] ${'('.repeat(5_000)} (3 objects)`, html: input, text: input });
      veeamFormat.recognises(m);
      read(m);
      read({ ...m, html: null });
      expect(performance.now() - started).toBeLessThan(3_000);
    }
  });
});


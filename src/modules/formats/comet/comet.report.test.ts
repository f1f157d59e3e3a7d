import { describe, expect, it } from 'vitest';
import { NO_IDS } from './comet.models.js';
import { MAX_LOG_LINES, MAX_LOG_TEXT, readCometReport } from './comet.report.js';

const SUBJECT = 'Success - Backup of "Documents"';
const FOOTER = "You are receiving this email because 'reports@backwatch.local' is registered as the email contact for the backup account 'user01'.";

const SUMMARY = [
  'Username: user01',
  'Type: Backup',
  'Status: Success',
  'Started: 27 Nov 18 13:55 EST',
  'Stopped: 27 Nov 18 13:58 EST',
  'Protected Item: "Documents"',
  'Storage Vault: "Offsite Comet Server"',
  'Device: "DESKTOP-9J8JGB3"',
  'Client Version: 18.9.5',
  'Total Directories: 2',
  'Total Files: 7',
  'Total Size: 168.627 KB',
  'Uploaded: 2.002 KB',
  'Downloaded: 7.578 KB',
];

const LOG = ['27 Nov 18 13:55 EST', 'Looking up account settings...', '27 Nov 18 13:55 EST', 'Starting backup...', '27 Nov 18 13:58 EST', 'Job completed.'];

/** A text report as Comet lays it out, with some summary lines replaced or removed. */
function text(summary: Record<string, string | null> = {}, log: string[] = LOG): string {
  const lines = SUMMARY.flatMap((line) => {
    const label = line.slice(0, line.indexOf(':'));
    if (!(label in summary)) return [line];
    const value = summary[label];
    return value === null ? [] : [`${label}: ${value}`];
  });
  return ['Job Report', '', SUBJECT, '', ...lines, '', ...log, '', FOOTER].join('\n');
}

const read = (body: string, subject = SUBJECT) => readCometReport({ subject, text: body });

describe('readCometReport', () => {
  it('reads every field of a text report', () => {
    expect(read(text())).toEqual({
      username: 'user01',
      type: 'Backup',
      status: 'Success',
      statusText: 'Success',
      startedAt: '2018-11-27T18:55:00.000Z',
      stoppedAt: '2018-11-27T18:58:00.000Z',
      protectedItem: 'Documents',
      vault: 'Offsite Comet Server',
      device: 'DESKTOP-9J8JGB3',
      clientVersion: '18.9.5',
      directories: 2,
      files: 7,
      totalSize: 172_674,
      uploaded: 2_050,
      downloaded: 7_760,
      durationSeconds: 180,
      log: [
        { at: '2018-11-27T18:55:00.000Z', text: 'Looking up account settings...' },
        { at: '2018-11-27T18:55:00.000Z', text: 'Starting backup...' },
        { at: '2018-11-27T18:58:00.000Z', text: 'Job completed.' },
      ],
      problems: [],
      ids: NO_IDS,
    });
  });

  it('reads a report whose lines are separated by blank lines, as the seed report is', () => {
    const job = read(text().split('\n').join('\n\n'));
    expect(job?.problems).toEqual([]);
    expect(job?.log).toHaveLength(3);
    expect(job?.files).toBe(7);
  });

  it('reads CRLF line ends', () => {
    expect(read(text().replaceAll('\n', '\r\n'))?.problems).toEqual([]);
  });

  it('reads the rendering of an HTML table: label and value cells without a colon, padded columns', () => {
    const body = [
      'Job Report',
      '',
      'Success - Backup of "Documents"',
      '',
      ...SUMMARY.map((line) => line.replace(/^([^:]+): (.*)$/, (_, label: string, value: string) => `${label.padEnd(18)} ${value}`)),
      '',
      '27 Nov 18 13:55 EST Looking up account settings...',
      '27 Nov 18 13:58 EST   Job completed.',
      '',
      FOOTER,
    ].join('\n');
    const job = read(body);
    expect(job).toMatchObject({ username: 'user01', vault: 'Offsite Comet Server', totalSize: 172_674, problems: [] });
    expect(job?.log).toEqual([
      { at: '2018-11-27T18:55:00.000Z', text: 'Looking up account settings...' },
      { at: '2018-11-27T18:58:00.000Z', text: 'Job completed.' },
    ]);
  });

  it('matches labels in any case but only as whole labels at the start of a line', () => {
    expect(read(text({ Username: null }).replace('Type: Backup', 'TYPE: Backup'))).toMatchObject({ type: 'Backup', problems: [] });
    const job = read(['Usernames: a', 'Typewriter: b', 'Statuses c', 'The Device: d'].join('\n'), 'hello');
    expect(job).toBeNull();
  });

  it('removes the outer quotes of a name and keeps inner quotes and any Unicode', () => {
    const job = read(text({ 'Protected Item': '"My "special" files"', Device: '"Büro-PC «Nord» 日本"', Username: "josé.o'brien" }));
    expect(job).toMatchObject({ protectedItem: 'My "special" files', device: 'Büro-PC «Nord» 日本', username: "josé.o'brien" });
  });

  it('joins a quoted name wrapped across lines and condenses its whitespace', () => {
    const job = read(text().replace('"Offsite Comet Server"', '"Offsite\n\t  Comet \u00a0Server"'));
    expect(job).toMatchObject({ vault: 'Offsite Comet Server', device: 'DESKTOP-9J8JGB3', problems: [] });
  });

  it('finds the summary past a heading that starts like a label', () => {
    const job = read(`Status report for your devices\n\nSome text\n\n${text()}`);
    expect(job).toMatchObject({ status: 'Success', username: 'user01', problems: [] });
  });

  it('does not read log lines that start like labels as the summary', () => {
    const job = read(text({}, [...LOG, 'Uploaded 3 files', 'Status: fine']));
    expect(job?.uploaded).toBe(2_050);
    expect(job?.log.map((l) => l.text).slice(-2)).toEqual(['Uploaded 3 files', 'Status: fine']);
  });

  describe('recognition', () => {
    it('takes any message with three summary labels', () => {
      expect(read('Username: a\nType: Backup\nStatus: Success', 'anything')).not.toBeNull();
    });

    it("takes Comet's subject with one label", () => {
      expect(read('Username: a', 'Quota Exceeded - Backup of "X"')).toMatchObject({ status: 'Quota Exceeded', type: 'Backup', protectedItem: 'X' });
      expect(read('Status: Error', 'Error - Backup of "Documents"')?.status).toBe('Error');
    });

    it("takes Comet's title in the body when the subject was changed", () => {
      expect(read(`Job Report\n\n${SUBJECT}\n\nUsername: a\n`, 'FW: report')).toMatchObject({ status: 'Success', protectedItem: 'Documents' });
    });

    it.each([
      ['two labels and another subject', 'anything', 'Username: a\nStatus: Success'],
      ["Comet's subject and no label", SUBJECT, 'Hello, the backup ran.'],
      ['an empty message', '', ''],
      ['a generic mail', 'Lunch on Friday?', 'Hi all,\n\nStatus of the project: fine.\nType your answer below.\n\nCheers'],
      [
        'a Veeam report',
        '[Success] Daily file backup (2 machines)',
        [
          'Backup job: Daily file backup',
          'Success 2 Start time 22:00:12 Total size 50.1 GB Backup size 1.2 GB',
          'Warning 0 End time 22:05:35 Data read 3.4 GB Dedupe 2.1x',
          'Error 0 Duration 0:05:23 Transferred 1.1 GB Compression 1.8x',
          'Name Status Start time End time Size Read Transferred Duration Details',
          'fileserver01 Success 22:00:15 22:05:30 40 GB 2.9 GB 1.0 GB 0:05:15',
          'Veeam Backup & Replication 12.1.2.172',
        ].join('\n'),
      ],
      ['a subject like Comet\'s with an unknown status word', 'Meeting - Review of "Q3"', 'Type: notes'],
    ])('gives null for %s', (_, subject, body) => {
      expect(read(body, subject)).toBeNull();
    });
  });

  describe('status', () => {
    it.each([
      ['Success', 'Success'],
      ['success', 'Success'],
      ['Warning', 'Warning'],
      ['Completed with warnings', 'Warning'],
      ['Error', 'Error'],
      ['Failed', 'Error'],
      ['Timeout', 'Timeout'],
      ['Timed out', 'Timeout'],
      ['Quota Exceeded', 'Quota Exceeded'],
      ['Quota exceeded', 'Quota Exceeded'],
      ['QuotaExceeded', 'Quota Exceeded'],
      ['Missed', 'Missed'],
      ['Missed schedule', 'Missed'],
      ['Cancelled', 'Cancelled'],
      ['Canceled', 'Cancelled'],
      ['Skipped', 'Skipped'],
      ['Skipped (already running)', 'Skipped'],
      ['Already running', 'Skipped'],
      ['Abandoned', 'Abandoned'],
      ['Running', 'Running'],
      ['In progress', 'Running'],
      ['IN PROGRESS', 'Running'],
    ])('reads %j as %s and keeps the text as written', (written, status) => {
      expect(read(text({ Status: written }))).toMatchObject({ status, statusText: written, problems: [] });
    });

    it('names an unknown status as a problem', () => {
      expect(read(text({ Status: 'Exploded' }))).toMatchObject({ status: null, statusText: 'Exploded', problems: ['Status: "Exploded" is not a Comet status'] });
    });
  });

  describe('type', () => {
    it.each([
      ['Backup', 'Backup'],
      ['Restore', 'Restore'],
      ['Retention', 'Retention'],
      ['Retention pass', 'Retention'],
      ['Unlock', 'Unlock'],
      ['Delete', 'Delete'],
      ['Delete snapshot', 'Delete'],
      ['Remeasure', 'Remeasure'],
      ['Update', 'Update'],
      ['Import', 'Import'],
      ['Reindex', 'Reindex'],
      ['Deep Verify', 'Deep Verify'],
      ['deep  verify', 'Deep Verify'],
      ['DeepVerify', 'Deep Verify'],
      ['Uninstall', 'Uninstall'],
    ])('reads %j as %s', (written, type) => {
      expect(read(text({ Type: written }))).toMatchObject({ type, problems: [] });
    });

    it('names an unknown type as a problem', () => {
      expect(read(text({ Type: 'Teleport' }))).toMatchObject({ type: null, problems: ['Type: "Teleport" is not a Comet job type'] });
    });
  });

  it('reads counts with thousands commas', () => {
    expect(read(text({ 'Total Files': '1,234', 'Total Directories': '1,000,000' }))).toMatchObject({ files: 1234, directories: 1_000_000 });
  });

  it('says which values could not be read, in the order of the report', () => {
    const job = read(text({ Started: '27 Nov 18 13:55 XYZ', 'Total Files': 'seven', 'Total Size': '12 XB', Downloaded: '-1 KB' }));
    expect(job).toMatchObject({ startedAt: null, files: null, totalSize: null, downloaded: null, durationSeconds: null });
    expect(job?.problems).toEqual([
      'Started: "27 Nov 18 13:55 XYZ" is not a time Comet writes',
      'Total Files: "seven" is not a count',
      'Total Size: "12 XB" is not a size',
      'Downloaded: "-1 KB" is not a size',
    ]);
  });

  it('shortens a runaway value in its problem', () => {
    expect(read(text({ 'Total Size': 'x'.repeat(5_000) }))?.problems).toEqual([`Total Size: "${'x'.repeat(100)}…" is not a size`]);
  });

  it('gives no duration when the job stopped before it started', () => {
    const job = read(text({ Started: '27 Nov 18 14:00 EST' }));
    expect(job).toMatchObject({ durationSeconds: null, problems: ['Stopped: "27 Nov 18 13:58 EST" is before Started'] });
  });

  it('reads the duration across zones', () => {
    expect(read(text({ Started: '27 Nov 18 19:55 CET', Stopped: '27 Nov 18 13:58:30 EST' }))?.durationSeconds).toBe(210);
  });

  it('fills the status, type and item from the subject and the username from the footer, without problems', () => {
    const job = read(text({ Username: null, Type: null, Status: null, 'Protected Item': null }));
    expect(job).toMatchObject({ username: 'user01', type: 'Backup', status: 'Success', statusText: 'Success', protectedItem: 'Documents', problems: [] });
  });

  it('reads a username holding quotes from the footer', () => {
    const body = text({ Username: null }).replace("account 'user01'.", "account 'josé.o'brien'.");
    expect(read(body)?.username).toBe("josé.o'brien");
  });

  it('prefers the summary to the subject', () => {
    expect(read(text(), 'Error - Restore of "Other"')).toMatchObject({ status: 'Success', type: 'Backup', protectedItem: 'Documents' });
  });

  it('names every field a report cut short did not give', () => {
    const body = ['Job Report', '', SUBJECT, '', ...SUMMARY.slice(0, 9), 'Total Directories: 2', 'Total Files:'].join('\n');
    const job = read(body, 'Success - Backup of "Documents"');
    expect(job).toMatchObject({ directories: 2, files: null, totalSize: null, clientVersion: '18.9.5', log: [] });
    expect(job?.problems).toEqual(['Total Files: missing', 'Total Size: missing', 'Uploaded: missing', 'Downloaded: missing']);
  });

  it('names missing required fields, even when the subject cannot fill them', () => {
    const job = read('Username: a\nStorage Vault: v\nDevice: d', 'hello');
    expect(job?.problems).toEqual([
      'Type: missing',
      'Status: missing',
      'Started: missing',
      'Stopped: missing',
      'Protected Item: missing',
      'Client Version: missing',
      'Total Directories: missing',
      'Total Files: missing',
      'Total Size: missing',
      'Uploaded: missing',
      'Downloaded: missing',
    ]);
  });

  it('does not ask a running job for its stop time or totals', () => {
    const job = read(text({ Status: 'Running', Stopped: null, 'Total Directories': null, 'Total Files': null, 'Total Size': null, Uploaded: null, Downloaded: null }));
    expect(job).toMatchObject({ status: 'Running', stoppedAt: null, durationSeconds: null, problems: [] });
  });

  describe('log', () => {
    it('is not a problem when it does not end with "Job completed."', () => {
      expect(read(text({}, LOG.slice(0, 4)))).toMatchObject({ problems: [], log: [{ text: 'Looking up account settings...' }, { text: 'Starting backup...' }] });
    });

    it('keeps a line without a time, with no time', () => {
      expect(read(text({}, ['27 Nov 18 13:55 EST', 'Error: vault unreachable', '  caused by: connection refused']))?.log).toEqual([
        { at: '2018-11-27T18:55:00.000Z', text: 'Error: vault unreachable' },
        { at: null, text: 'caused by: connection refused' },
      ]);
    });

    it('keeps the first entries and cuts long lines', () => {
      const log = Array.from({ length: MAX_LOG_LINES + 500 }, (_, i) => `27 Nov 18 13:55 EST line ${i} ${'x'.repeat(i === 0 ? 5_000 : 0)}`);
      const job = read(text({}, log))!;
      expect(job.log).toHaveLength(MAX_LOG_LINES);
      expect(job.log[0]!.text).toHaveLength(MAX_LOG_TEXT);
      expect(job.log.at(-1)!.text).toBe(`line ${MAX_LOG_LINES - 1}`);
    });

    it('does not cut a long line in the middle of a character', () => {
      const job = read(text({}, ['27 Nov 18 13:55 EST', `${'x'.repeat(MAX_LOG_TEXT - 1)}🙂 and more`]))!;
      expect(job.log[0]!.text).toBe('x'.repeat(MAX_LOG_TEXT - 1));
    });

    it('ends before the footer', () => {
      expect(read(`${text()}\n\nUnsubscribe`)?.log.at(-1)?.text).toBe('Job completed.');
    });
  });

  describe('never throws', () => {
    const random = seeded(42);
    const alphabet = ['Username:', 'Type', 'Status:', 'Started: ', 'Total Size', '"', "'", ' ', '\n', '\r', '\t', '27 Nov 18 13:55 EST', 'KB', '1,2', ':', '-', ' of "', 'ü', '\u00a0', '\u200b', '🙂', 'You are receiving this email', "backup account '", "'."];

    it('on random text', () => {
      for (let n = 0; n < 500; n++) {
        const pick = () => Array.from({ length: Math.floor(random() * 60) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
        expect(() => readCometReport({ subject: pick(), text: pick() })).not.toThrow();
      }
    });

    it('on input that is not text', () => {
      expect(readCometReport({ subject: undefined, text: null } as unknown as { subject: string; text: string })).toBeNull();
      expect(readCometReport(null as unknown as { subject: string; text: string })).toBeNull();
    });

    // Inputs that make careless regexes backtrack: they must come back within the test timeout.
    it('on a megabyte of pathological text', () => {
      const inputs = [
        text().repeat(Math.ceil(1_000_000 / text().length)),
        `Username: ${'"'.repeat(1_000_000)}\nType: a\nStatus: b`,
        `${text()}${'27 Nov 18 13:55 EST '.repeat(50_000)}`,
        ' '.repeat(1_000_000),
        '\n'.repeat(1_000_000),
        `Protected Item: "${'a\n'.repeat(500_000)}`,
        'Status:'.repeat(150_000),
      ];
      for (const body of inputs) {
        expect(() => readCometReport({ subject: `${'Success - '.repeat(100_000)}Backup of "x"`, text: body })).not.toThrow();
      }
    });
  });
});

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

import { describe, expect, it } from 'vitest';
import { attachmentContent, parseMessage } from './messages.parse.js';

const message = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('parseMessage', () => {
  it('reads every address of From, To and Cc, groups included, and shows them as a reader would', async () => {
    const parsed = await parseMessage(
      message(
        'From: "Comet \\"Backup\\"" <backup@client.example>, ops@client.example',
        'To: reports@backwatch.local, Team: a@x.example, "B" <b@x.example>;',
        'Cc: =?utf-8?q?Andr=C3=A9?= <andre@x.example>',
        'Subject: =?utf-8?b?U3VjY2VzcyDinJM=?=',
        '',
        'body',
      ),
    );
    expect(parsed.from).toEqual([
      { name: 'Comet "Backup"', address: 'backup@client.example' },
      { name: '', address: 'ops@client.example' },
    ]);
    expect(parsed.fromText).toBe('"Comet \\"Backup\\"" <backup@client.example>, ops@client.example');
    expect(parsed.to.map((a) => a.address)).toEqual(['reports@backwatch.local', 'a@x.example', 'b@x.example', 'andre@x.example']);
    expect(parsed.toText).toBe('reports@backwatch.local, "Team": a@x.example, "B" <b@x.example>;, "André" <andre@x.example>');
    expect(parsed.subject).toBe('Success ✓');
  });

  it('drops NUL characters from what it reads (a binary part declared as text), as PostgreSQL cannot store them', async () => {
    const parsed = await parseMessage(message('Subject: a\x00b', 'Content-Type: text/plain', 'Content-Transfer-Encoding: base64', '', Buffer.from('GIF\x00\x00x').toString('base64')));
    expect(parsed.subject).toBe('ab');
    expect(parsed.text).toBe('GIFx');
    expect(parsed.headers.find((h) => h.name === 'Subject')?.value).toBe('ab');
  });

  it('keeps a date only when the header is one, and puts a Message-ID in angle brackets', async () => {
    const good = await parseMessage(message('Date: Tue, 27 Nov 2018 13:55:02 -0500', 'Message-ID: abc@host', '', 'x'));
    expect(good.date).toBe('2018-11-27T18:55:02.000Z');
    expect(good.messageId).toBe('<abc@host>');
    const bad = await parseMessage(message('Date: yesterday-ish', '', 'x'));
    expect(bad.date).toBeNull();
  });

  it('reads a text attachment as UTF-8, or as Windows-1252 when it is not UTF-8', async () => {
    const raw = Buffer.concat([
      message(
        'Content-Type: multipart/mixed; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'see the logs',
        '--b',
        'Content-Type: text/plain; name=utf8.log',
        'Content-Disposition: attachment; filename=utf8.log',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('Größe: 5 Dateien übersprungen').toString('base64'),
        '--b',
        'Content-Type: text/plain; name=latin.log',
        'Content-Disposition: attachment; filename=latin.log',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('Größe: 5 Dateien übersprungen', 'latin1').toString('base64'),
        '--b--',
        '',
      ),
    ]);
    const parsed = await parseMessage(raw);
    expect(parsed.text.trim()).toBe('see the logs');
    expect(parsed.attachments.map((a) => [a.filename, a.text])).toEqual([
      ['utf8.log', 'Größe: 5 Dateien übersprungen'],
      ['latin.log', 'Größe: 5 Dateien übersprungen'],
    ]);
    expect((await attachmentContent(raw, 1))?.content.equals(Buffer.from('Größe: 5 Dateien übersprungen', 'latin1'))).toBe(true);
    expect(await attachmentContent(raw, 2)).toBeNull();
  });

  it('renders an HTML-only body to text itself, table cells apart', async () => {
    const parsed = await parseMessage(message('Content-Type: text/html', '', '<table><tr><td>Status:</td><td>Success</td></tr></table>'));
    expect(parsed.html).toContain('<table>');
    expect(parsed.text).toBe('Status: Success');
  });

  it('says when there is no header block, and keeps what it could read', async () => {
    const parsed = await parseMessage(Buffer.from('// Not an RFC-822 Document\n'));
    expect(parsed.problems).toContain('the message has no header block');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../messages/messages.parse.js';
import { reportMessageOf } from './formats.message.js';
import { FORMATS, readReport } from './formats.registry.js';

const root = path.join(import.meta.dirname, '../../..');
const fixtures = path.join(root, 'test/fixtures');
const corpus = path.join(root, '../shared/corpus/mime');

const context = (receivedAt = '2026-05-01T12:00:00Z') => ({ timezone: 'Europe/Berlin', receivedAt, options: {} });

async function read(file: string) {
  const parsed = await parseMessage(fs.readFileSync(file));
  return readReport(reportMessageOf(parsed, { mailFrom: '', rcptTo: ['reports@backwatch.local'] }), () => context());
}

const emlIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).map((f) => path.join(dir, f));
const formatDirs = fs.readdirSync(path.join(fixtures, 'formats'));

describe('the registry of report formats', () => {
  it('lists every format folder once, with a fixture folder for each but Comet (whose fixtures predate it)', () => {
    const ids = FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...formatDirs].sort()).toEqual(ids.filter((id) => id !== 'comet').sort());
  });

  it.each(formatDirs)('gives every %s fixture to its own format alone, with the jobs its expected.json names', async (id) => {
    const expected: Record<string, { tenant: string | null; device: string | null; item: string | null; type: string | null; status: string }[]> = JSON.parse(
      fs.readFileSync(path.join(fixtures, 'formats', id, 'expected.json'), 'utf8'),
    );
    const files = emlIn(path.join(fixtures, 'formats', id));
    expect(files.map((f) => path.basename(f)).sort()).toEqual(Object.keys(expected).sort());
    for (const file of files) {
      const reading = await read(file);
      expect(reading?.format.id, path.basename(file)).toBe(id);
      const jobs = reading!.jobs.map((j) => ({ tenant: j.tenant, device: j.device, item: j.item, type: j.type, status: j.status }));
      expect(jobs, path.basename(file)).toEqual(expected[path.basename(file)]);
    }
  });

  it('gives Comet its reports, however they are encoded, and no format the mail that is no report', async () => {
    // The MIME fixtures carry Comet reports in base64, quoted-printable and encoded-word subjects.
    const comet = ['base64.eml', 'html-only.eml', 'quoted-printable.eml', 'rfc2047-subject.eml'];
    for (const file of [...emlIn(path.join(fixtures, 'comet')), ...emlIn(fixtures).filter((f) => path.basename(f).startsWith('comet-') || comet.includes(path.basename(f)))]) {
      expect((await read(file))?.format.id, path.basename(file)).toBe('comet');
    }
    expect(await read(path.join(fixtures, 'log-attachment.eml'))).toBeNull();
  });

  it('survives every message of the broken-MIME corpus, reading none of them as a report', async () => {
    const files = fs.readdirSync(corpus, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.endsWith('.md'));
    expect(files.length).toBeGreaterThan(50);
    for (const entry of files) {
      const reading = await read(path.join(entry.parentPath, entry.name));
      expect(reading, entry.name).toBeNull();
    }
  });

  it('turns a format that throws into a job that says so, never into a failed ingestion', () => {
    const message = { subject: 's', from: [], headers: [], text: '', html: null, attachments: [] };
    const boom = () => {
      throw new Error('boom');
    };
    const reading = readReport(message, () => context(), [{ ...FORMATS[0]!, recognises: () => true, read: boom }]);
    expect(reading?.jobs.map((j) => [j.status, j.problems])).toEqual([[null, ['The report could not be read: boom']]]);
    expect(readReport(message, () => context(), [{ ...FORMATS[0]!, recognises: boom }])).toBeNull();
    expect(readReport(message, () => null, [{ ...FORMATS[0]!, recognises: () => true }])).toBeNull();
  });
});

import { createHash } from 'node:crypto';
import type { CometStatus } from '../../src/modules/formats/comet/comet.models.js';
import { zoneOffsetMinutes } from '../../src/modules/formats/comet/comet.time.js';

/** Zones a report can be printed in: abbreviations Comet writes, and offsets as Go prints zones without one. */
export type CometReportZone = 'UTC' | 'GMT' | 'EST' | 'EDT' | 'CST' | 'CDT' | 'MST' | 'PST' | 'PDT' | 'BST' | 'CET' | 'CEST' | 'EET' | 'IST' | 'JST' | 'AEST' | 'AEDT' | '+0530' | '-0300' | '-03';

export interface CometReportJob {
  username: string;
  protectedItem: string;
  device: string;
  vault?: string;
  status?: CometStatus;
  /** As the report writes it: "Backup", "Retention pass", "Deep Verify"… */
  type?: string;
  started: Date;
  /** Left out of a running job's report when not given; otherwise the start time. */
  stopped?: Date;
  zone?: CometReportZone;
  totalSize?: string;
  files?: number;
  directories?: number;
  uploaded?: string;
  downloaded?: string;
  clientVersion?: string;
  to?: string;
  html?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

function local(date: Date, zone: CometReportZone): { at: Date; offset: number } {
  const offset = zoneOffsetMinutes(zone);
  if (offset === null) throw new Error(`no offset for zone ${zone}`);
  return { at: new Date(date.getTime() + offset * 60_000), offset };
}

/** Go's "02 Jan 06 15:04 MST", the layout Comet prints its times in. */
export function cometTime(date: Date, zone: CometReportZone): string {
  const { at } = local(date, zone);
  return `${pad(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${pad(at.getUTCFullYear() % 100)} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} ${zone}`;
}

function headerDate(date: Date, zone: CometReportZone): string {
  const { at, offset } = local(date, zone);
  const sign = offset < 0 ? '-' : '+';
  const zoneText = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  return `${WEEKDAYS[at.getUTCDay()]}, ${pad(at.getUTCDate())} ${MONTHS[at.getUTCMonth()]} ${at.getUTCFullYear()} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} ${zoneText}`;
}

const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);

/** RFC 2047 encoded-words, split between characters so each stays within the line limit. */
function encodeHeader(text: string): string {
  if (isAscii(text)) return text;
  const words: string[] = [];
  let chunk = '';
  for (const char of text) {
    if (Buffer.byteLength(chunk + char) > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

function quotedPrintableLine(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  const out: string[] = [];
  let current = '';
  bytes.forEach((byte, i) => {
    const last = i === bytes.length - 1;
    const literal = (byte >= 33 && byte <= 126 && byte !== 61) || ((byte === 32 || byte === 9) && !last);
    const token = literal ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    if (current.length + token.length > 75) {
      out.push(`${current}=`);
      current = '';
    }
    current += token;
  });
  out.push(current);
  return out.join('\r\n');
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Report {
  headline: string;
  summary: [string, string][];
  log: [string, string][];
  footer: string;
}

function textLayout(r: Report): string {
  return ['Job Report', '', r.headline, '', ...r.summary.map(([label, value]) => `${label}: ${value}`), '', ...r.log.flat(), '', r.footer].join('\r\n');
}

function htmlLayout(r: Report): string {
  const row = (cells: string[]) => `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Job Report</title></head><body>',
    `<h2>Job Report</h2><h3>${escapeHtml(r.headline)}</h3>`,
    '<table class="summary">',
    ...r.summary.map(([label, value]) => row([`${label}:`, value])),
    '</table>',
    '<table class="log">',
    ...r.log.map((entry) => row(entry)),
    '</table>',
    `<p>${escapeHtml(r.footer)}</p>`,
    '</body></html>',
  ].join('\r\n');
}

/** A complete raw report email (CRLF line ends) as Comet sends it for one job. */
export function cometReportEmail(job: CometReportJob): string {
  const status = job.status ?? 'Success';
  const type = job.type ?? 'Backup';
  const zone = job.zone ?? 'EST';
  const to = job.to ?? 'reports@backwatch.local';
  const stopped = job.stopped ?? (status === 'Running' ? null : job.started);
  const headline = `${status} - ${type} of "${job.protectedItem}"`;
  const summary: [string, string][] = [
    ['Username', job.username],
    ['Type', type],
    ['Status', status],
    ['Started', cometTime(job.started, zone)],
    ...(stopped ? ([['Stopped', cometTime(stopped, zone)]] as [string, string][]) : []),
    ['Protected Item', `"${job.protectedItem}"`],
    ['Storage Vault', `"${job.vault ?? 'Offsite Comet Server'}"`],
    ['Device', `"${job.device}"`],
    ['Client Version', job.clientVersion ?? '18.9.5'],
    ['Total Directories', String(job.directories ?? 2)],
    ['Total Files', String(job.files ?? 7)],
    ['Total Size', job.totalSize ?? '168.627 KB'],
    ['Uploaded', job.uploaded ?? '2.002 KB'],
    ['Downloaded', job.downloaded ?? '7.578 KB'],
  ];
  const log: [string, string][] = [[cometTime(job.started, zone), `Starting ${type.toLowerCase()}...`]];
  if (stopped) log.push([cometTime(stopped, zone), 'Job completed.']);
  const report = { headline, summary, log, footer: `You are receiving this email because '${to}' is registered as the email contact for the backup account '${job.username}'.` };

  const body = job.html ? htmlLayout(report) : textLayout(report);
  const plain = isAscii(body) && body.split('\r\n').every((line) => line.length <= 998);
  const id = createHash('sha256').update(`${job.username}\n${job.protectedItem}\n${job.started.toISOString()}`).digest('hex').slice(0, 20);
  return [
    'From: "Comet Backup" <noreply@cometbackup.example>',
    `To: ${to}`,
    `Subject: ${encodeHeader(headline)}`,
    `Date: ${headerDate(stopped ?? job.started, zone)}`,
    `Message-ID: <${id}@cometbackup.example>`,
    'MIME-Version: 1.0',
    `Content-Type: ${job.html ? 'text/html' : 'text/plain'}; charset=utf-8`,
    `Content-Transfer-Encoding: ${plain ? '7bit' : 'quoted-printable'}`,
    '',
    plain ? body : body.split('\r\n').map(quotedPrintableLine).join('\r\n'),
    '',
  ].join('\r\n');
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleViews } from '../../../test/helpers/alert-views.js';
import { ALERT_EVENTS } from './alerts.models.js';
import { renderUserTemplate, splitTitle, TemplateSet } from './alerts.templates.js';
import { channelAdapters } from './channels/index.js';

const builtIn = path.resolve(import.meta.dirname, '..', '..', '..', 'templates');
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function overrideDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bw-templates-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('templates', () => {
  it('exist for every channel and event', () => {
    const set = TemplateSet.load([builtIn]);
    for (const channel of Object.keys(channelAdapters)) for (const event of ALERT_EVENTS) expect(set.has(channel, event), `${channel}/${event}.hbs`).toBe(true);
    for (const step of ['open', 'note', 'close']) expect(set.has('tickets', step), `tickets/${step}.hbs`).toBe(true);
  });

  it('can be replaced one file at a time from the operator\'s folder', () => {
    const set = TemplateSet.load([builtIn, overrideDir({ 'slack/alert.hbs': 'Backup trouble at {{check.group}}: {{check.name}} is {{statusLabel}}' })]);
    expect(set.render('slack', 'alert', sampleViews.failure)).toBe('Backup trouble at Acme Corp: User01: Documents is Failure');
    expect(set.render('slack', 'restore', sampleViews.restore)).toContain('User01: Documents');
  });

  it('refuse to start with a broken template, naming the file', () => {
    const dir = overrideDir({ 'teams/alert.hbs': '{{#if check.name}}unclosed' });
    expect(() => TemplateSet.load([builtIn, dir])).toThrow(/teams\/alert\.hbs/);
  });

  it('cannot call code: only the built-in block helpers exist', () => {
    expect(() => TemplateSet.load([overrideDir({ 'email/alert.hbs': '{{exec "id"}}' })])).toThrow(/email\/alert\.hbs/);
    expect(() => renderUserTemplate('{{#with (lookup this "constructor")}}{{name}}{{/with}}', sampleViews.failure)).not.toThrow();
    expect(renderUserTemplate('{{constructor.name}}|{{__proto__}}', sampleViews.failure)).toBe('|');
  });

  it('split into a title and a body', () => {
    expect(splitTitle('Title\nline 1\nline 2')).toEqual({ title: 'Title', body: 'line 1\nline 2' });
    expect(splitTitle('Only a title')).toEqual({ title: 'Only a title', body: '' });
  });
});

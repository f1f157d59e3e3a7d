import fs from 'node:fs';
import { expect, it } from 'vitest';
import { cometCheck, fixture, startTestService } from './helpers/service.js';

it('keeps checks, messages, activities and keys across a restart', async () => {
  const first = await startTestService();
  const check = (await first.api('POST', '/checks', cometCheck('Survivor', { group: 'Persistent', labels: ['kept'] }))).body;
  expect((await first.send(fixture('comet-warning.eml'))).code).toBe(250);
  const before = (await first.api('GET', `/checks/${check.id}`)).body;
  await first.stop();

  const second = await startTestService({ dataDir: first.dataDir, key: first.key });
  try {
    expect((await second.api('GET', `/checks/${check.id}`)).body).toEqual(before);
    expect(before.status).toBe('warning');
    const history = (await second.api('GET', `/activities?checkId=${check.id}`)).body.items;
    expect(history).toHaveLength(1);
    expect((await second.api('GET', `/messages/${history[0].messageId}`)).body.subject).toBe('Warning - Backup of "Documents"');

    expect((await second.send(fixture('comet-success.eml'))).code).toBe(250);
    expect((await second.api('GET', `/checks/${check.id}`)).body.status).toBe('success');
  } finally {
    await second.stop();
    fs.rmSync(first.dataDir, { recursive: true, force: true });
  }
});

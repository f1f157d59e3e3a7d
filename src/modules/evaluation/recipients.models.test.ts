import { expect, it } from 'vitest';
import { classifyRecipient } from './recipients.models.js';

const inbox = { local: 'reports', domain: 'backwatch.local' };

it.each([
  ['reports@backwatch.local', { kind: 'inbox' }],
  ['Reports@BACKWATCH.local', { kind: 'inbox' }],
  ['reports+docs@backwatch.local', { kind: 'alias', alias: 'docs' }],
  ['REPORTS+Docs@backwatch.local', { kind: 'alias', alias: 'docs' }],
  ['reports+a+b@backwatch.local', { kind: 'alias', alias: 'a+b' }],
  ['reports+@backwatch.local', { kind: 'foreign' }],
  ['reports@other.example', { kind: 'foreign' }],
  ['someone@backwatch.local', { kind: 'foreign' }],
  ['reportsx@backwatch.local', { kind: 'foreign' }],
  ['reports@sub.backwatch.local', { kind: 'foreign' }],
  ['no-at-sign', { kind: 'foreign' }],
])('%s is %j', (address, expected) => {
  expect(classifyRecipient(address, inbox)).toEqual(expected);
});

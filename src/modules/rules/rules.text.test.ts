import { describe, expect, it } from 'vitest';
import { condenseWhitespace } from './rules.text.js';

describe('condenseWhitespace', () => {
  it.each([
    ['plain', 'Success - Backup', 'Success - Backup'],
    ['spaces and tabs', 'Success \t  -\tBackup', 'Success - Backup'],
    ['newlines of every kind', 'Status:\r\n  Success\n\nDone\rNow', 'Status: Success Done Now'],
    ['non-breaking spaces', 'Storage\u00a0Vault:\u00a0\u00a0Offsite', 'Storage Vault: Offsite'],
    ['zero-width characters', 'Offsite\u200bComet\u200c\u200dServer\ufeff', 'Offsite Comet Server'],
    ['Unicode spaces', 'a\u2003b\u3000c\u2028d', 'a b c d'],
    ['trimmed ends', '  \n Success \u00a0', 'Success'],
    ['only whitespace', ' \t\r\n\u00a0', ''],
    ['empty', '', ''],
  ])('%s', (_, input, expected) => {
    expect(condenseWhitespace(input)).toBe(expected);
  });
});

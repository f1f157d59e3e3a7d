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

describe('condenseWhitespace on random text', () => {
  // The definition: every run of whitespace (zero-width characters included) becomes one space, then the ends are trimmed.
  const reference = (text: string) => text.replace(/[\s\u180e\u200b\u200c\u200d\u2060]+/gu, ' ').trim();
  const alphabet = ['a', 'B', '-', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u200b', '\u2060', '\u3000', '\ufeff', 'é', '\u{1F600}'];

  it('agrees with the definition on 5,000 random strings', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 5_000; n++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(condenseWhitespace(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});

import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptHidden, readLine } from './stdin.js';

describe('reading a password from stdin', () => {
  it('takes the first line of piped input, without its line ending', async () => {
    expect(await readLine(Readable.from(['secret pass', 'word\r\nsecond line\n']))).toBe('secret password');
    expect(await readLine(Readable.from(['no newline at all']))).toBe('no newline at all');
    expect(await readLine(Readable.from([]))).toBe('');
  });

  it('asks on a terminal in raw mode, echoing nothing, and honours backspace', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, raw: [] as boolean[], setRawMode(raw: boolean) { this.raw.push(raw); } });
    const shown: string[] = [];
    const answer = promptHidden(tty, (t) => shown.push(t), 'Password: ');
    tty.write('hunter22x\u007f');
    tty.write('22\r');
    expect(await answer).toBe('hunter2222');
    expect(shown).toEqual(['Password: ', '\n']);
    expect(tty.raw).toEqual([true, false]);
  });

  it('gives up on Ctrl-C', async () => {
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {} });
    const answer = promptHidden(tty, () => {}, 'Password: ');
    tty.write('abc\u0003');
    await expect(answer).rejects.toThrow('cancelled');
  });
});

it('keeps what was pasted after the first line for the next prompt', async () => {
  const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode() {} });
  const first = promptHidden(tty, () => {}, 'Password: ');
  tty.write('first line\r\nsecond line\r');
  expect(await first).toBe('first line');
  expect(await promptHidden(tty, () => {}, 'Password again: ')).toBe('second line');
});

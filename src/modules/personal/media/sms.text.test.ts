import { describe, expect, it } from 'vitest';
import { fitsOneSms, smsEncoding, smsLength, smsText } from './sms.text.js';

const name = 'Nightly documents';
const message = (over: Partial<Parameters<typeof smsText>[0]> = {}) => ({
  title: `Failure: ${name}`,
  checkName: name,
  body: 'Status: Error\nReceived 03:12',
  url: 'https://backwatch.example.com/checks/42',
  ...over,
});

describe('the length of a text message', () => {
  it('counts GSM-7 in septets, the extension table as two, and anything else as UCS-2', () => {
    expect(smsLength('Ölstand @ 5 £')).toEqual({ encoding: 'gsm7', length: 13 });
    expect(smsLength('{a}€')).toEqual({ encoding: 'gsm7', length: 7 });
    expect(smsLength('Backup “done”')).toEqual({ encoding: 'ucs2', length: 13 });
    expect(smsLength('ok 👍')).toEqual({ encoding: 'ucs2', length: 5 }); // a surrogate pair is two UCS-2 characters
    expect(smsEncoding('…')).toBe('ucs2');
    expect([fitsOneSms('a'.repeat(160)), fitsOneSms('a'.repeat(161)), fitsOneSms('€'.repeat(80)), fitsOneSms('€'.repeat(81))]).toEqual([true, false, true, false]);
    expect([fitsOneSms('ж'.repeat(70)), fitsOneSms('ж'.repeat(71))]).toEqual([true, false]);
  });
});

describe('a notification as one SMS', () => {
  it('sends a short one whole: title, body and link, one per line', () => {
    expect(smsText(message())).toBe(`Failure: ${name}\nStatus: Error\nReceived 03:12\nhttps://backwatch.example.com/checks/42`);
    expect(smsText(message({ url: null, body: '' }))).toBe(`Failure: ${name}`);
  });

  it('drops the link before it cuts the body', () => {
    const body = 'x'.repeat(160 - `Failure: ${name}\n`.length);
    expect(smsText(message({ body }))).toBe(`Failure: ${name}\n${body}`);
  });

  it('cuts the body to 160 septets with three dots, which keep it GSM-7', () => {
    const text = smsText(message({ body: 'Item: C:\\Users\\Documents failed '.repeat(20) }));
    expect(smsLength(text)).toEqual({ encoding: 'gsm7', length: 160 });
    expect(text.startsWith(`Failure: ${name}\nItem: C:\\Users`)).toBe(true);
    expect(text.endsWith('...')).toBe(true);
    expect(text).not.toContain('https://');
  });

  it('counts the extension table as two septets when it cuts', () => {
    const text = smsText(message({ body: '€'.repeat(200) }));
    expect(text).toBe(`Failure: ${name}\n${'€'.repeat((160 - 27 - 3) / 2)}...`);
    expect(smsLength(text).length).toBe(160);
  });

  it('cuts a text that needs UCS-2 to 70 characters, with an ellipsis', () => {
    const text = smsText(message({ body: 'Задание резервного копирования завершилось с ошибкой на сервере' }));
    expect(smsLength(text)).toEqual({ encoding: 'ucs2', length: 70 });
    expect(text).toMatch(new RegExp(`^Failure: ${name}\\nЗадание .*…$`));
  });

  it('decides the encoding on the text as sent: characters cut away do not make it UCS-2', () => {
    const text = smsText(message({ body: `${'a'.repeat(140)} “quoted” ${'b'.repeat(40)}` }));
    expect(text).toBe(`Failure: ${name}\n${'a'.repeat(160 - 27 - 3)}...`);
    expect(smsEncoding(text)).toBe('gsm7');
  });

  it('keeps a long check name whole, cutting the body and then the rest of the title', () => {
    const long = `Acme ${'Fileserver '.repeat(13)}`.trim(); // 147 characters
    const withBody = smsText(message({ title: `Failure: ${long}`, checkName: long, body: 'Status: Error' }));
    expect(withBody).toBe(`Failure: ${long}`);
    const longer = `${long} (Acme)`; // 154: "Failure: " no longer fits whole
    const cut = smsText(message({ title: `Failure: ${longer}`, checkName: longer }));
    expect(cut).toBe(`Fai...${longer}`);
    expect(smsLength(cut).length).toBe(160);
  });

  it('cuts the name itself last, when it alone is too long', () => {
    const huge = 'N'.repeat(200);
    expect(smsText(message({ title: `Failure: ${huge}`, checkName: huge }))).toBe(`${'N'.repeat(157)}...`);
    const ucs = 'Ж'.repeat(100);
    expect(smsText(message({ title: `Failure: ${ucs}`, checkName: ucs }))).toBe(`${'Ж'.repeat(69)}…`);
  });

  it('names the check when the title does not', () => {
    expect(smsText(message({ title: 'Test notification', checkName: 'Sample check', body: '', url: null }))).toBe('Test notification: Sample check');
  });
});

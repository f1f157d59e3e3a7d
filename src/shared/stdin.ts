import readline from 'node:readline';

export type Stdin = NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** The first line of a piped stdin (without its line ending), or '' at once-empty input. */
export function readLine(input: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
    let line: string | null = null;
    rl.once('line', (l) => {
      line = l;
      rl.close();
    });
    rl.once('close', () => resolve(line ?? ''));
  });
}

/** What was typed after a line's end, kept for the next prompt (a paste can hold several lines in one chunk). */
const leftovers = new WeakMap<Stdin, string>();

/** Asks on the terminal without echoing what is typed; Ctrl-C gives up. */
export function promptHidden(input: Stdin, prompt: (text: string) => void, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    prompt(question);
    let typed = '';
    const done = (rest: string, error?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode?.(false);
      input.pause();
      leftovers.set(input, rest);
      prompt('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const take = (text: string): boolean => {
      const chars = [...text];
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i]!;
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          const next = ch === '\r' && chars[i + 1] === '\n' ? i + 2 : i + 1;
          done(chars.slice(next).join(''));
          return true;
        }
        if (ch === '\u0003') {
          done('', new Error('cancelled'));
          return true;
        }
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
      return false;
    };
    const onData = (chunk: Buffer | string) => void take(chunk.toString());
    input.setRawMode?.(true);
    if (take(leftovers.get(input) ?? '')) return;
    input.on('data', onData);
    input.resume();
  });
}

import { promisify } from 'node:util';
import zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw);
const inflateRaw = promisify(zlib.inflateRaw);

/** Raw messages are kept deflate-compressed; zlib runs on the thread pool, off the event loop. */
export const compressRaw = (raw: Buffer): Promise<Buffer> => deflateRaw(raw, { level: 6 });

export const decompressRaw = (stored: Buffer): Promise<Buffer> => inflateRaw(stored);

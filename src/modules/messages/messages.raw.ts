import { promisify } from 'node:util';
import zlib from 'node:zlib';

const deflateRaw = promisify(zlib.deflateRaw);
const inflateRaw = promisify(zlib.inflateRaw);

/**
 * Below this size compressing on the event loop costs less (about 20 µs for a
 * 4 KB report) than handing the work to the thread pool and back.
 */
const INLINE_LIMIT = 256 * 1024;

/** Raw messages are kept deflate-compressed. */
export const compressRaw = (raw: Buffer): Promise<Buffer> =>
  raw.length <= INLINE_LIMIT ? Promise.resolve(zlib.deflateRawSync(raw, { level: 1 })) : deflateRaw(raw, { level: 6 });

export const decompressRaw = (stored: Buffer): Promise<Buffer> => inflateRaw(stored);

import type { CommitQueue } from '../../db/commit-queue.js';
import { compressRaw } from '../messages/messages.raw.js';
import { checksOfPlan, commitReport, type IngestOutcome, type IngestPlan, type WriterSettings } from './ingest.commit.js';

/** Where a judged message goes to be stored: resolves once it is committed, rejects if it was not. */
export type IngestWriter = (plan: IngestPlan) => Promise<IngestOutcome>;

const asBuffer = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/**
 * The writer on the thread that owns the connection: compresses the original
 * bytes, then stores the message in the next group commit.
 */
export function groupCommitWriter(commits: CommitQueue, settings: () => WriterSettings): IngestWriter {
  return async (plan) => {
    const compressed = await compressRaw(asBuffer(plan.raw));
    return commits.run(
      (trx) => commitReport(trx, settings(), plan, compressed),
      checksOfPlan(plan),
    );
  };
}

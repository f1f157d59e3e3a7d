/** Jobs as the API gives them, whichever report format read them: a check's newest job, and GET /jobs. */
import type { JobStatus } from '../../../src/shared/status.js';

export type { JobStatus };

/** The figures of a check's newest job (GET /checks/{id} `job.lastJob`). */
export interface LastJob {
  id: number;
  type: string | null;
  status: JobStatus | null;
  statusText: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  sizeBytes: number | null;
  transferredBytes: number | null;
  files: number | null;
  objects: number | null;
  durationSeconds: number | null;
}

/** What a check stands for when a report format read its newest report (GET /checks/{id} `job`). */
export interface CheckJob {
  format: string;
  product: string | null;
  tenant: string | null;
  device: string | null;
  item: string | null;
  version: string | null;
  newestVersion: string | null;
  outdated: boolean;
  lastJob: LastJob;
}

/** One object a job covered, where the report lists them (a Veeam VM…). */
export interface JobPart {
  name: string;
  status: JobStatus | null;
  statusText: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  detail: string | null;
}

/** GET /jobs and /jobs/{id}, in the generic fields. */
export interface Job {
  id: number;
  messageId: number | null;
  checkIds: number[];
  format: string;
  product: string | null;
  tenant: string | null;
  device: string | null;
  item: string | null;
  type: string | null;
  jobStatus: JobStatus | null;
  statusText: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  durationSeconds: number | null;
  sizeBytes: number | null;
  transferredBytes: number | null;
  files: number | null;
  objects: number | null;
  errorCount: number | null;
  warningCount: number | null;
  version: string | null;
  keyLines: string[];
  parts: JobPart[];
  problems: string[];
}

/** The tooltip of a job's "Outdated" badge. */
export const jobOutdatedText = (j: Pick<CheckJob, 'product' | 'version' | 'newestVersion'>) =>
  `Runs ${j.product ?? 'its product'} ${j.version ?? '(unknown version)'}; the newest seen on this server is ${j.newestVersion ?? '(unknown)'}`;

/** "tenant › device › item", leaving out what the product does not have. */
export const jobPath = (j: Pick<CheckJob, 'tenant' | 'device' | 'item'>) => [j.tenant, j.device, j.item].filter(Boolean).join(' › ');

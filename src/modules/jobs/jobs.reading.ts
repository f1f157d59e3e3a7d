import type { ReportFormat, ReportJob } from '../formats/formats.models.js';
import { jobFieldValue } from '../formats/formats.registry.js';
import type { JobReading } from '../rules/rules.models.js';
import { jobVerdict } from './jobs.verdict.js';

/** A job as the rules see it: its fields, and what its own status says. */
export function jobReading(format: ReportFormat, job: ReportJob): JobReading {
  return { format: format.id, product: format.product, job, value: (field) => jobFieldValue(format, job, field), verdict: jobVerdict(format.product, job) };
}

import type { IngestPlan } from '../modules/ingest/ingest.commit.js';

/** An ingest request as it crosses to the database thread. */
export interface PlanOnTheWire {
  plan: string;
  text: string;
  html: string | null;
  log: string | null;
  raw: Uint8Array;
}

export const planOffTheWire = ({ plan, text, html, log, raw }: PlanOnTheWire): IngestPlan => {
  const { parsed, ...rest } = JSON.parse(plan);
  return { ...rest, parsed: { ...parsed, text, html }, log, raw };
};


import type { IngestPlan } from '../modules/ingest/ingest.commit.js';

/** An ingest request as it crosses to the database thread. */
export interface PlanOnTheWire {
  plan: string;
  text: string;
  html: string | null;
  logs: (string | null)[];
  raw: Uint8Array;
}

export const planOffTheWire = ({ plan, text, html, logs, raw }: PlanOnTheWire): IngestPlan => {
  const { parsed, ...rest } = JSON.parse(plan);
  return { ...rest, parsed: { ...parsed, text, html }, logs, raw };
};


/** Comet's shapes as the API gives them: a check's protected item and a Comet job (its words come from the API: GET /formats, /settings/comet). */

/** The figures of one job, as a check's `comet.lastJob` and GET /jobs/{id} both give them. */
export interface JobFigures {
  type: string | null;
  cometStatus: string | null;
  startedAt: string | null;
  stoppedAt: string | null;
  totalSize: number | null;
  files: number | null;
  uploaded: number | null;
  durationSeconds: number | null;
}

/** A check's Comet protected item (GET /checks/{id} `comet`). */
export interface CheckComet {
  username: string | null;
  device: string | null;
  protectedItem: string | null;
  vault: string | null;
  clientVersion: string | null;
  newestClientVersion: string | null;
  outdated: boolean;
  lastJob: JobFigures & { id: number };
}

/** GET /jobs/{id}. */
export interface CometJob extends JobFigures {
  id: number;
  format: string;
  source: 'email' | 'webhook' | 'email+webhook';
  messageId: number | null;
  checkIds: number[];
  username: string | null;
  statusText: string | null;
  protectedItem: string | null;
  vault: string | null;
  device: string | null;
  clientVersion: string | null;
  directories: number | null;
  downloaded: number | null;
  problems: string[];
  namesKnown: boolean;
  log?: { at: string | null; text: string }[];
}

/** The tooltip of the "Outdated" badge. */
export const outdatedText = (c: Pick<CheckComet, 'clientVersion' | 'newestClientVersion'>) =>
  `Runs Comet ${c.clientVersion ?? '(unknown version)'}; the newest client seen on this server is ${c.newestClientVersion ?? '(unknown)'}`;

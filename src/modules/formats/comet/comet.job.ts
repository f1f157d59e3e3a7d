import type { ReportJob } from '../formats.models.js';
import type { CometJob, CometJobType, CometStatus, CometStatusMap } from './comet.models.js';

export const COMET_PRODUCT = 'Comet Backup';

const str = (v: string | number | null | undefined) => (typeof v === 'string' ? v : null);
const num = (v: string | number | null | undefined) => (typeof v === 'number' ? v : null);

/**
 * A Comet job in the generic shape every format reads into. What only Comet
 * has (its status word, vault, directories, downloads, webhook identifiers)
 * rides in `extra`, so that the Comet job can be had back whole (cometJobOf).
 */
export function reportJobOf(c: CometJob, map: CometStatusMap): ReportJob {
  // Written out whole rather than spread over emptyJob: every Comet report passes here.
  return {
    product: COMET_PRODUCT,
    tenant: c.username,
    organization: c.ids.tenant,
    device: c.device,
    item: c.protectedItem,
    type: c.type,
    status: c.status ? map[c.status] : null,
    statusText: c.statusText ?? c.status,
    startedAt: c.startedAt,
    stoppedAt: c.stoppedAt,
    durationSeconds: c.durationSeconds,
    sizeBytes: c.totalSize,
    transferredBytes: c.uploaded,
    files: c.files,
    objects: null,
    errorCount: null,
    warningCount: null,
    version: c.clientVersion,
    keyLines: [],
    log: c.log,
    parts: [],
    problems: c.problems,
    extra: {
      'comet.username': c.username,
      'comet.device': c.device,
      'comet.protectedItem': c.protectedItem,
      'comet.vault': c.vault,
      'comet.status': c.status,
      'comet.type': c.type,
      'comet.statusText': c.statusText,
      'comet.directories': c.directories,
      'comet.downloaded': c.downloaded,
      'comet.jobGuid': c.ids.jobGuid,
      'comet.deviceId': c.ids.deviceId,
      'comet.sourceGuid': c.ids.sourceGuid,
      'comet.vaultGuid': c.ids.vaultGuid,
    },
  };
}

/** The Comet job a generic one was made from. */
export function cometJobOf(j: ReportJob): CometJob {
  const x = j.extra;
  return {
    username: j.tenant,
    type: j.type as CometJobType | null,
    status: str(x['comet.status']) as CometStatus | null,
    statusText: str(x['comet.statusText']),
    startedAt: j.startedAt,
    stoppedAt: j.stoppedAt,
    protectedItem: j.item,
    vault: str(x['comet.vault']),
    device: j.device,
    clientVersion: j.version,
    directories: num(x['comet.directories']),
    files: j.files,
    totalSize: j.sizeBytes,
    uploaded: j.transferredBytes,
    downloaded: num(x['comet.downloaded']),
    durationSeconds: j.durationSeconds,
    log: j.log,
    problems: j.problems,
    ids: {
      jobGuid: str(x['comet.jobGuid']),
      deviceId: str(x['comet.deviceId']),
      sourceGuid: str(x['comet.sourceGuid']),
      vaultGuid: str(x['comet.vaultGuid']),
      tenant: j.organization ?? null,
    },
  };
}

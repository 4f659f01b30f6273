/**
 * Evidence retention: the captures of findings dismissed more than `evidence.retainDismissedDays`
 * days ago are deleted (the only deletion of evidence there is), each finding's deletion recorded
 * in the audit trail with the evidence ids and their SHA-256 digests.
 */
import type { LoadedConfig } from '../config/index.ts';
import { CopywatchError } from '../domain/index.ts';
import type { PrunedEvidence, Store } from '../store/ports.ts';

const DAY_MS = 86_400_000;

export interface PruneResult {
  /** The cut-off: dismissed findings last changed before it lost their evidence. */
  before: string;
  pruned: PrunedEvidence[];
}

export async function pruneDismissedEvidence(store: Store, config: LoadedConfig, actor: string, now: Date): Promise<PruneResult> {
  const days = config.evidence.retainDismissedDays;
  if (days === undefined) {
    throw new CopywatchError('INPUT_INVALID', 'evidence prune: evidence.retainDismissedDays is not set in the config: evidence is kept for ever');
  }
  const at = now.toISOString();
  const before = new Date(now.getTime() - days * DAY_MS).toISOString();
  const pruned = await store.evidence.pruneDismissed(before);
  for (const p of pruned) {
    await store.accounts.audit({
      at,
      actor,
      userId: null,
      action: 'evidence.prune',
      subject: `finding ${p.findingId}`,
      detail: { retainDismissedDays: days, before, evidence: p.evidence.map((e) => ({ id: e.id, sha256: e.sha256 })) },
    });
  }
  return { before, pruned };
}

/** The finding status machine as the stores enforce it (same rules and messages in every adapter). */
import { CopywatchError, FINDING_STATUSES, MANUAL_TRANSITIONS, type FindingFacts, type FindingStatus } from '../domain/index.ts';

/**
 * Where a finding may go from `from`: the manual transitions, and for the system (recheck) also
 * any status → resolved and resolved → open.
 */
function allowedTransitions(from: FindingStatus, system: boolean): FindingStatus[] {
  const allowed = new Set<FindingStatus>(MANUAL_TRANSITIONS[from] ?? []);
  if (system) {
    if (from !== 'resolved') allowed.add('resolved');
    else allowed.add('open');
  }
  return FINDING_STATUSES.filter((s) => allowed.has(s));
}

/**
 * The status of a finding seen again: a resolved one is reopened (the copy is back); open,
 * confirmed, notice-sent and dismissed ones keep theirs.
 */
export function statusOnSighting(from: FindingStatus): FindingStatus {
  return from === 'resolved' ? 'open' : from;
}

/** Throws FINDING_TRANSITION unless `from → to` is allowed. */
export function checkTransition(id: number, from: FindingStatus, to: FindingStatus, system: boolean): void {
  const allowed = allowedTransitions(from, system);
  if (allowed.includes(to)) return;
  throw new CopywatchError(
    'FINDING_TRANSITION',
    `cannot change finding ${id} from ${from} to ${String(to)}; allowed: ${allowed.length ? allowed.join(', ') : 'none'}`,
  );
}

/**
 * The facts a later sighting stores: the new ones, keeping how the copy was first found
 * (`discoveredBy`) when the sighting (a scan of a promoted site, a recheck) does not say.
 */
export function factsOnSighting(next: FindingFacts, oldJson: string): FindingFacts {
  if (next.discoveredBy) return next;
  try {
    const old = JSON.parse(oldJson) as Partial<FindingFacts>;
    return old.discoveredBy ? { ...next, discoveredBy: old.discoveredBy } : next;
  } catch {
    return next;
  }
}

/**
 * The SQL of evidence retention, the same on SQLite and PostgreSQL (placeholders `$1`, table
 * names given): which captures of old dismissed findings no other finding rests on.
 */
import type { PrunedEvidence } from './ports.ts';

export interface PruneTables {
  findings: string;
  events: string;
  evidence: string;
  stamps: string;
  warcs: string;
  /** evidence_images and image_blobs. */
  images: string;
  blobs: string;
}

/** Rows (finding_id, evidence_id, sha256) of the captures to prune, `$1` the cut-off time. */
export function pruneCandidatesSql(t: PruneTables): string {
  return `WITH old AS (
      SELECT f.id FROM ${t.findings} f
      WHERE f.status = 'dismissed' AND f.last_seen < $1
        AND NOT EXISTS (SELECT 1 FROM ${t.events} x WHERE x.finding_id = f.id AND x.at >= $1)
    ), refs AS (
      SELECT id AS finding_id, evidence_id FROM ${t.findings} WHERE evidence_id IS NOT NULL
      UNION SELECT finding_id, evidence_id FROM ${t.events} WHERE evidence_id IS NOT NULL
    )
    SELECT r.finding_id, e.id AS evidence_id, e.sha256 FROM refs r JOIN ${t.evidence} e ON e.id = r.evidence_id
    WHERE r.finding_id IN (SELECT id FROM old)
      AND NOT EXISTS (SELECT 1 FROM refs o WHERE o.evidence_id = e.id AND o.finding_id NOT IN (SELECT id FROM old))
    ORDER BY r.finding_id, e.id`;
}

/** The statements that clear the references to, then delete, the evidence ids (`ids` a list of integers). */
export function pruneStatements(t: PruneTables, ids: number[]): string[] {
  const list = ids.map((id) => String(Math.trunc(id))).join(', ');
  return [
    `UPDATE ${t.findings} SET evidence_id = NULL WHERE evidence_id IN (${list})`,
    `UPDATE ${t.events} SET evidence_id = NULL WHERE evidence_id IN (${list})`,
    `DELETE FROM ${t.stamps} WHERE evidence_id IN (${list})`,
    `DELETE FROM ${t.warcs} WHERE evidence_id IN (${list})`,
    `DELETE FROM ${t.images} WHERE evidence_id IN (${list})`,
    `DELETE FROM ${t.blobs} WHERE NOT EXISTS (SELECT 1 FROM ${t.images} i WHERE i.sha256 = ${t.blobs}.sha256)`,
    `DELETE FROM ${t.evidence} WHERE id IN (${list})`,
  ];
}

/** Candidate rows grouped per finding; an evidence shared by two pruned findings is listed under each. */
export function groupPruned(rows: Array<{ finding_id: number | string; evidence_id: number | string; sha256: string }>): PrunedEvidence[] {
  const out = new Map<number, PrunedEvidence>();
  for (const r of rows) {
    const findingId = Number(r.finding_id);
    let group = out.get(findingId);
    if (!group) out.set(findingId, (group = { findingId, evidence: [] }));
    group.evidence.push({ id: Number(r.evidence_id), sha256: r.sha256 });
  }
  return [...out.values()];
}

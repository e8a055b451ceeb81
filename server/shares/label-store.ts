import type { Db } from '../db/pool';
import type { User } from '../auth/users';
import type { ApiVersionLabels } from '../../shared/http/api-schemas';
import { likePrefix } from './share-store';

interface Row {
  object_key: string;
  version_id: string;
  labels: string[];
  note: string;
  updated_by_email: string;
  updated_at: Date;
}

const COLUMNS = 'object_key, version_id, labels, note, updated_by_email, updated_at';

function fromRow(r: Row): ApiVersionLabels {
  return {
    key: r.object_key,
    versionId: r.version_id,
    labels: r.labels,
    note: r.note,
    updatedBy: r.updated_by_email,
    updatedAt: r.updated_at.toISOString(),
  };
}

/** Labels are compared without case or surrounding space; each is kept once, in the order given. */
export function normalizeLabels(labels: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of labels) {
    const label = raw.trim().replace(/\s+/g, ' ').toLowerCase();
    if (label && !seen.has(label)) {
      seen.add(label);
      out.push(label);
    }
  }
  return out;
}

/** Version labels and notes in PostgreSQL (migration 3), one row per key + VersionId. */
export class LabelStore {
  constructor(private readonly db: Db) {}

  /** Replaces a version's labels and note; no labels and no note removes the row. */
  async set(
    user: User,
    v: { key: string; versionId: string; labels: readonly string[]; note: string },
    now: Date,
  ): Promise<ApiVersionLabels> {
    const labels = normalizeLabels(v.labels);
    const note = v.note.trim();
    if (labels.length === 0 && note === '') {
      await this.db.query('DELETE FROM version_labels WHERE object_key = $1 AND version_id = $2', [
        v.key,
        v.versionId,
      ]);
      return {
        key: v.key,
        versionId: v.versionId,
        labels: [],
        note: '',
        updatedBy: user.email,
        updatedAt: now.toISOString(),
      };
    }
    const r = await this.db.query<Row>(
      `INSERT INTO version_labels (object_key, version_id, labels, note, updated_by, updated_by_email, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (object_key, version_id) DO UPDATE SET labels = $3, note = $4, updated_by = $5,
         updated_by_email = $6, updated_at = $7
       RETURNING ${COLUMNS}`,
      [v.key, v.versionId, labels, note, user.id, user.email, now],
    );
    return fromRow(r.rows[0]!);
  }

  /** Every labelled version of one key, or (with `label`) every version under a prefix that has it. */
  async list(
    where: { key: string } | { prefix: string; label?: string },
    limit = 1000,
  ): Promise<ApiVersionLabels[]> {
    if ('key' in where) {
      const r = await this.db.query<Row>(
        `SELECT ${COLUMNS} FROM version_labels WHERE object_key = $1 ORDER BY updated_at DESC LIMIT $2`,
        [where.key, limit],
      );
      return r.rows.map(fromRow);
    }
    const label = where.label === undefined ? null : normalizeLabels([where.label])[0]!;
    const r = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM version_labels WHERE object_key LIKE $1 AND ($2::text IS NULL OR $2 = ANY(labels))
       ORDER BY object_key, updated_at DESC LIMIT $3`,
      [likePrefix(where.prefix), label, limit],
    );
    return r.rows.map(fromRow);
  }
}

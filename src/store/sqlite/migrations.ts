/**
 * The SQLite schema as an ordered list of migrations: migration i (0-based) takes the database
 * to schema version i + 1. Never edit a migration that has shipped; append a new one.
 * Applied at open in one transaction and recorded in `schema_migrations`; a database with a newer
 * version than this list knows is refused.
 */
import { CopywatchError } from '../../domain/index.ts';
import { refuseNewerSchema } from '../errors.ts';
import type { Database } from './driver.ts';

export const MIGRATIONS: readonly string[] = [
  // 1: the first schema.
  `
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    canonical_url TEXT,
    source TEXT NOT NULL,
    title TEXT,
    byline TEXT,
    published_at TEXT,
    credit TEXT,
    lang TEXT NOT NULL,
    text TEXT NOT NULL,
    paragraphs TEXT NOT NULL,          -- JSON string[]
    notices TEXT NOT NULL,             -- JSON string[]
    chrome BLOB NOT NULL,              -- little-endian uint32[]
    simhash TEXT NOT NULL,
    fingerprints BLOB NOT NULL,        -- little-endian uint32[]
    units INTEGER NOT NULL,
    content_hash INTEGER NOT NULL,
    body_sha256 TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
  );
  CREATE INDEX articles_source ON articles (source, id);

  CREATE TABLE fetch_state (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT,
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    links TEXT                         -- JSON string[] or NULL
  ) WITHOUT ROWID;

  CREATE TABLE evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    requested_url TEXT NOT NULL,
    final_url TEXT NOT NULL,
    redirects TEXT NOT NULL,           -- JSON string[]
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,             -- JSON object
    captured_at TEXT NOT NULL,
    remote_address TEXT,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    article_text TEXT,
    page_text TEXT,
    note TEXT,
    body BLOB,                         -- compressed as body_encoding says
    body_encoding TEXT                 -- 'br' (brotli) or NULL when there is no body
  );

  CREATE TABLE findings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,          -- no foreign key: a finding outlives its article's removal
    article_url TEXT NOT NULL,
    article_title TEXT,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    verdict TEXT NOT NULL,
    containment REAL NOT NULL,
    matched_chars INTEGER NOT NULL,
    facts TEXT NOT NULL,               -- JSON FindingFacts
    violations TEXT NOT NULL,          -- JSON Violation[]
    severity TEXT NOT NULL,
    severity_rank INTEGER NOT NULL,    -- info 0 .. critical 4
    status TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    evidence_id INTEGER REFERENCES evidence (id),
    passages TEXT NOT NULL,            -- JSON Passage[]
    scope TEXT NOT NULL,
    UNIQUE (article_id, url)
  );
  -- One index per sort (keyset pages walk it), the same under a status filter (the dashboard's
  -- usual list), and per host (covering what sites() needs).
  CREATE INDEX findings_last_seen ON findings (last_seen, id);
  CREATE INDEX findings_first_seen ON findings (first_seen, id);
  CREATE INDEX findings_severity ON findings (severity_rank, id);
  CREATE INDEX findings_containment ON findings (containment, id);
  CREATE INDEX findings_status_last_seen ON findings (status, last_seen, id);
  CREATE INDEX findings_status_first_seen ON findings (status, first_seen, id);
  CREATE INDEX findings_status_severity ON findings (status, severity_rank, id);
  CREATE INDEX findings_status_containment ON findings (status, containment, id);
  CREATE INDEX findings_host ON findings (host, last_seen, id, status, severity_rank);

  CREATE TABLE finding_rules (
    rule_id TEXT NOT NULL,
    finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, finding_id)
  ) WITHOUT ROWID;
  CREATE INDEX finding_rules_finding ON finding_rules (finding_id);

  CREATE TABLE finding_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id INTEGER NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT,
    evidence_id INTEGER REFERENCES evidence (id)
  );
  CREATE INDEX finding_events_finding ON finding_events (finding_id, id);

  CREATE TABLE scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    job TEXT NOT NULL,
    target TEXT,
    status TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    counts TEXT NOT NULL,              -- JSON ScanCounts
    reasons TEXT NOT NULL,             -- JSON Record<string, number>
    error TEXT,
    owner TEXT,
    heartbeat_at TEXT
  );
  CREATE INDEX scans_status ON scans (status);
  CREATE INDEX scans_job ON scans (job, target, id);

  CREATE TABLE frontier (
    id INTEGER PRIMARY KEY,            -- insertion order
    key TEXT NOT NULL,
    url TEXT NOT NULL,
    depth INTEGER NOT NULL,
    done INTEGER NOT NULL DEFAULT 0,
    UNIQUE (key, url)
  );
  CREATE INDEX frontier_queue ON frontier (key, done, id);

  CREATE TABLE blobs (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
  ) WITHOUT ROWID;
  `,
  // 2: findings by suspect URL, for pages seen again unchanged (findings.touch).
  `CREATE INDEX findings_url ON findings (url);`,
  // 3: each host's template learned from its pages (extract/profile.ts), as JSON.
  `
  CREATE TABLE template_profiles (
    host TEXT PRIMARY KEY,
    profile TEXT NOT NULL,             -- JSON TemplateProfile
    pages REAL NOT NULL,
    relearned INTEGER NOT NULL,
    updated_at TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 4: since when a finding's host name has not resolved on rechecks (gone after some hours of it).
  `ALTER TABLE findings ADD COLUMN unresolved_since TEXT;`,
  // 5: the pages of a run that failed or held no article, named (the counts say how many).
  `
  CREATE TABLE scan_failures (
    scan_id INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    url TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (scan_id, seq),
    UNIQUE (scan_id, url)
  );
  `,
  // 6: a number that changes with every write to the findings (in any process): caches of lists key on it.
  `
  CREATE TABLE data_versions (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO data_versions (name, n) VALUES ('findings', 0);
  CREATE TRIGGER findings_version_insert AFTER INSERT ON findings BEGIN UPDATE data_versions SET n = n + 1 WHERE name = 'findings'; END;
  CREATE TRIGGER findings_version_update AFTER UPDATE ON findings BEGIN UPDATE data_versions SET n = n + 1 WHERE name = 'findings'; END;
  CREATE TRIGGER findings_version_delete AFTER DELETE ON findings BEGIN UPDATE data_versions SET n = n + 1 WHERE name = 'findings'; END;
  CREATE TRIGGER finding_rules_version_insert AFTER INSERT ON finding_rules BEGIN UPDATE data_versions SET n = n + 1 WHERE name = 'findings'; END;
  CREATE TRIGGER finding_rules_version_update AFTER UPDATE ON finding_rules BEGIN UPDATE data_versions SET n = n + 1 WHERE name = 'findings'; END;
  CREATE TRIGGER finding_rules_version_delete AFTER DELETE ON finding_rules BEGIN UPDATE data_versions SET n = n + 1 WHERE name = 'findings'; END;
  `,
  // 7: the crawl frontier table, never used by a crawl (a stopped scan walks its sites again: README, Limits).
  `DROP TABLE frontier;`,
  // 8: evidence read from a web archive (scan-warc): the WARC file, the record's offset in it and its WARC-Record-ID.
  `
  ALTER TABLE evidence ADD COLUMN warc_file TEXT;
  ALTER TABLE evidence ADD COLUMN warc_offset INTEGER;
  ALTER TABLE evidence ADD COLUMN warc_record_id TEXT;
  `,
  // 9: people: accounts with a role, their sessions and personal API tokens (hashes only), and the audit trail naming who changed what.
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role TEXT NOT NULL,                -- viewer | analyst | admin
    password_hash TEXT NOT NULL,       -- scrypt$N$r$p$salt$hash (base64)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    disabled_at TEXT
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,          -- SHA-256 of the cookie's value
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_user ON sessions (user_id);
  CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,   -- SHA-256 of the token
    prefix TEXT NOT NULL,              -- the first characters, to tell tokens apart
    created_at TEXT NOT NULL,
    expires_at TEXT,
    revoked_at TEXT,
    last_used_at TEXT
  );
  CREATE INDEX api_tokens_user ON api_tokens (user_id);
  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,               -- the person (username), or "bootstrap token", "cli (<os user>)"
    user_id INTEGER,                   -- the person's account, when there is one
    action TEXT NOT NULL,
    subject TEXT,
    detail TEXT                        -- JSON or NULL
  );
  CREATE INDEX audit_at ON audit (at, id);
  `,
  // 10: alerts: the queue of alerts not yet delivered (kept across restarts), the delivery log, and how far the finding events have been read.
  `
  CREATE TABLE alerts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    mode TEXT NOT NULL,                -- immediate | digest
    event_id INTEGER NOT NULL,
    finding_id INTEGER NOT NULL,
    kind TEXT NOT NULL,                -- new | reopened
    payload TEXT NOT NULL,             -- JSON: the finding as the alert tells it
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,              -- pending | delivered
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    delivered_at TEXT,
    last_error TEXT,
    UNIQUE (channel, event_id)
  );
  CREATE INDEX alerts_due ON alerts (status, next_at);
  CREATE TABLE alert_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    channel TEXT NOT NULL,
    alerts INTEGER NOT NULL,
    ok INTEGER NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE TABLE alert_cursor (
    name TEXT PRIMARY KEY,
    event_id INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO alert_cursor (name, event_id) SELECT 'events', COALESCE(MAX(id), 0) FROM finding_events;
  `, // 11: empty (the number was set aside for the photo index, which has no table yet; a number once shipped is never reused)
  'SELECT 1',
  // 12: evidence: the screenshot of the page (PNG, its SHA-256, size, time, or why it is missing);
  // evidence_stamps: RFC 3161 tokens of each capture's digests, taken at capture or queued until the TSA answers.
  `
  ALTER TABLE evidence ADD COLUMN screenshot BLOB;
  ALTER TABLE evidence ADD COLUMN screenshot_sha256 TEXT;
  ALTER TABLE evidence ADD COLUMN screenshot_size INTEGER;
  ALTER TABLE evidence ADD COLUMN screenshot_taken_at TEXT;
  ALTER TABLE evidence ADD COLUMN screenshot_note TEXT;  -- what the screenshot lacks (cut, requests refused), or why there is none
  CREATE TABLE evidence_stamps (
    evidence_id INTEGER NOT NULL,
    what TEXT NOT NULL,                -- body | screenshot
    sha256 TEXT NOT NULL,              -- the digest stamped (hex)
    tsa_url TEXT NOT NULL,
    status TEXT NOT NULL,              -- pending | stamped
    token BLOB,                        -- DER TimeStampToken
    gen_time TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    stamped_at TEXT,
    PRIMARY KEY (evidence_id, what)
  ) WITHOUT ROWID;
  CREATE INDEX evidence_stamps_due ON evidence_stamps (status, next_at);
  `,
  // evidence_warcs: the WARC file of each fetch (request, response as received, metadata), written
  // at fetch time and kept beside its append-only evidence row (brotli when `encoding` is 'br').
  `
  CREATE TABLE evidence_warcs (
    evidence_id INTEGER PRIMARY KEY,
    warc BLOB NOT NULL,
    encoding TEXT,                     -- br | NULL (kept as is)
    size INTEGER NOT NULL,             -- of the WARC file
    sha256 TEXT NOT NULL               -- of the WARC file (hex)
  );
  `,
  // The publisher's photos (issue 17): each article's images with their perceptual hashes, and the kind of a finding (text, image, text+image).
  `
  CREATE TABLE article_images (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL,
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,              -- of the image's bytes (hex)
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    hashes TEXT NOT NULL,              -- the region pHashes, 16 hex digits each, concatenated
    alt TEXT,                          -- alt, caption and credit text near the image on the article's page
    etag TEXT,
    last_modified TEXT,
    fetched_at TEXT NOT NULL,
    UNIQUE (article_id, url)
  );
  CREATE INDEX article_images_url ON article_images (url);
  ALTER TABLE findings ADD COLUMN kind TEXT NOT NULL DEFAULT 'text';
  CREATE INDEX findings_kind ON findings (kind, last_seen, id);
  `,
  // Image evidence (issue 17): the bytes of each image an image finding names (its original and
  // the copy), once per SHA-256 in image_blobs, and which finding and capture name them (append-only).
  `
  CREATE TABLE image_blobs (
    sha256 TEXT PRIMARY KEY,           -- of the bytes (hex)
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL,
    format TEXT NOT NULL               -- as decoded: jpeg, png, webp, gif, avif, tiff, heif
  );
  CREATE TABLE evidence_images (
    finding_id INTEGER NOT NULL,
    evidence_id INTEGER NOT NULL,
    role TEXT NOT NULL,                -- original | copy
    url TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    PRIMARY KEY (finding_id, evidence_id, role)
  );
  CREATE INDEX evidence_images_evidence ON evidence_images (evidence_id);
  CREATE INDEX evidence_images_sha256 ON evidence_images (sha256);
  `,
  // Image thumbnails (issue 17): each protected image's 32×32 grey thumbnail, that a match is
  // verified against (NULL for images hashed before: their matches are not verified).
  `
  ALTER TABLE article_images ADD COLUMN thumb BLOB;
  `,
];

const CREATE_VERSIONS = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)';

/** The schema version of the database (0 for a new one). */
export function schemaVersion(db: Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!table) return 0;
  const row = db.prepare<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

/**
 * Brings the database to the latest version of `migrations`, in one transaction (all or
 * nothing). Returns the versions applied. Refuses a database newer than `migrations`.
 */
export function migrate(db: Database, file: string, migrations: readonly string[] = MIGRATIONS, options: { readonly?: boolean } = {}): number[] {
  const known = migrations.length;
  const current = schemaVersion(db);
  refuseNewerSchema(file, current, known);
  if (current === known) return [];
  if (options.readonly) {
    throw new CopywatchError(
      'STORE_READONLY',
      `database ${file} is at schema version ${current} and needs migrating to ${known}, but it is open read-only; open it once for writing`,
    );
  }
  const apply = db.transaction(() => {
    db.exec(CREATE_VERSIONS);
    const from = schemaVersion(db); // another process may have migrated meanwhile
    refuseNewerSchema(file, from, known);
    const applied: number[] = [];
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    for (let version = from + 1; version <= known; version++) {
      db.exec(migrations[version - 1]);
      record.run(version, new Date().toISOString());
      applied.push(version);
    }
    return applied;
  });
  return apply.immediate();
}

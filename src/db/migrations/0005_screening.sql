-- Name screening: watchlists and their entries, batch screenings, the hits they produce, and the suppressions that
-- dismissals create (docs/screening.md).
--
-- Every table is tenant-owned: agency_id comes first in the primary key. A watchlist is visible to its owning agency
-- and, when its visibility is 'platform' (e.g. a United Nations sanctions list loaded by the Secretariat), to every
-- agency; only a platform administrator of the owning agency may create or change such a list. Entries are visible
-- exactly when their watchlist is. Batches, hits and suppressions are visible to their own agency only. Unlike the
-- cooperation records, screening data is business data: the platform scope sees nothing more than its own agency.
-- Nothing is deleted: removed entries are tombstones, decisions are recorded states; concord_app gets no DELETE.

create table screening_watchlists (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 3 and 200),
  description text check (length(description) <= 2000),
  visibility text not null default 'agency' check (visibility in ('agency', 'platform')),
  -- Raised by one for every import or removal that changes entries; each changed entry carries the revision that
  -- changed it, so that an in-memory index at revision r catches up by reading the entries with revision > r.
  revision bigint not null default 0 check (revision >= 0),
  entry_count integer not null default 0 check (entry_count >= 0),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id)
);
create unique index screening_watchlists_id_key on screening_watchlists (id);
create unique index screening_watchlists_name_key on screening_watchlists (agency_id, lower(name));
create index screening_watchlists_platform_idx on screening_watchlists (visibility) where visibility = 'platform';

create table screening_entries (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  watchlist_id uuid not null,
  -- The id the entry has in the imported file (FtM id, or the CSV's id column); null when the file has none.
  source_id text check (length(source_id) between 1 and 200),
  schema text not null check (schema in ('Person', 'Company', 'Organization', 'LegalEntity')),
  -- Original script, as given; the first is the caption.
  names text[] not null check (cardinality(names) > 0),
  birth_dates text[] not null default '{}',
  nationalities text[] not null default '{}',
  gender text check (gender in ('male', 'female', 'other')),
  identifiers text[] not null default '{}',
  -- The FollowTheMoney properties as imported (name, alias, birthDate, birthPlace, nationality, passportNumber …).
  properties jsonb not null default '{}',
  -- SHA-256 (hex) of the RFC 8785 canonical JSON of schema and properties: equal content, equal fingerprint.
  fingerprint text not null check (fingerprint ~ '^[0-9a-f]{64}$'),
  revision bigint not null check (revision > 0),
  removed boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, watchlist_id) references screening_watchlists (agency_id, id)
);
create unique index screening_entries_id_key on screening_entries (id);
create unique index screening_entries_source_key on screening_entries (agency_id, watchlist_id, source_id) where source_id is not null;
create index screening_entries_revision_idx on screening_entries (agency_id, watchlist_id, revision);
create index screening_entries_fingerprint_idx on screening_entries (agency_id, watchlist_id, fingerprint);

create table screening_batches (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  file_name text not null check (length(file_name) between 1 and 255),
  -- The uploaded CSV as given (validated before the job starts); the results file repeats its columns.
  content text not null,
  threshold double precision not null check (threshold > 0 and threshold <= 1),
  -- The watchlists to screen against; null: every watchlist visible to the agency when the job runs.
  watchlist_ids uuid[],
  job_id uuid,
  status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
  row_count integer not null check (row_count > 0),
  processed integer not null default 0 check (processed >= 0),
  hit_count integer not null default 0 check (hit_count >= 0),
  suppressed_count integer not null default 0 check (suppressed_count >= 0),
  error text,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id)
);
create unique index screening_batches_id_key on screening_batches (id);
create index screening_batches_created_idx on screening_batches (agency_id, created_at desc);

create table screening_hits (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  batch_id uuid not null,
  -- 1-based data row of the batch file, and the file line it starts on (for messages and the results file).
  row_number integer not null check (row_number > 0),
  line integer not null check (line > 1),
  -- The screened record (names, birth dates, nationalities, gender, identifiers) and its fingerprint.
  query jsonb not null,
  query_fingerprint text not null check (query_fingerprint ~ '^[0-9a-f]{64}$'),
  -- The entry as it was when matched: entries of another agency's platform list are not joined, only referenced.
  watchlist_id uuid not null,
  entry_id uuid not null,
  entry_fingerprint text not null check (entry_fingerprint ~ '^[0-9a-f]{64}$'),
  entry jsonb not null,
  score double precision not null check (score >= 0 and score <= 1),
  matched_name text not null,
  query_name text not null,
  explanations jsonb not null default '[]',
  status text not null check (status in ('open', 'confirmed', 'dismissed', 'suppressed')),
  -- The suppression that made the hit 'suppressed', or that its dismissal created.
  suppression_id uuid,
  reason text check (length(reason) between 3 and 2000),
  decided_by uuid,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (agency_id, id),
  foreign key (agency_id, batch_id) references screening_batches (agency_id, id),
  check ((status in ('confirmed', 'dismissed')) = (decided_at is not null))
);
create unique index screening_hits_id_key on screening_hits (id);
create index screening_hits_batch_idx on screening_hits (agency_id, batch_id, row_number);
create index screening_hits_status_idx on screening_hits (agency_id, status, created_at desc);

-- A dismissal: "this screened record is not this entry". Later batches that meet the same pair with both records
-- unchanged (same fingerprints) record the hit as suppressed. Confirming a suppressed hit lifts the suppression.
create table screening_suppressions (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  query_fingerprint text not null check (query_fingerprint ~ '^[0-9a-f]{64}$'),
  entry_id uuid not null,
  entry_fingerprint text not null check (entry_fingerprint ~ '^[0-9a-f]{64}$'),
  hit_id uuid not null,
  reason text not null check (length(reason) between 3 and 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  lifted_at timestamptz,
  lifted_by uuid,
  lifted_by_hit_id uuid,
  primary key (agency_id, id)
);
create unique index screening_suppressions_id_key on screening_suppressions (id);
create unique index screening_suppressions_pair_key on screening_suppressions (agency_id, query_fingerprint, entry_id, entry_fingerprint)
  where lifted_at is null;

grant select, insert, update on screening_watchlists, screening_entries, screening_batches, screening_hits, screening_suppressions
  to concord_app;

-- Watchlists: the owner's and the platform-visible ones are read; only the owner writes, and a platform-visible
-- list only with the platform administrator's role (app.roles). The system scope (demo loading, job dispatch) too.
alter table screening_watchlists enable row level security;
create policy screening_watchlists_read on screening_watchlists for select using (
  agency_id = concord_acting_agency() or visibility = 'platform' or concord_scope() = 'system');
create policy screening_watchlists_insert on screening_watchlists for insert with check (
  (agency_id = concord_acting_agency() and (visibility = 'agency' or concord_has_role('platform_admin'))) or concord_scope() = 'system');
create policy screening_watchlists_update on screening_watchlists for update
  using (agency_id = concord_acting_agency() or concord_scope() = 'system')
  with check ((agency_id = concord_acting_agency() and (visibility = 'agency' or concord_has_role('platform_admin'))) or concord_scope() = 'system');

-- Entries are visible exactly when their watchlist is (the sub-select is itself subject to the watchlist's policy).
-- Every change of entries raises the watchlist's revision in the same transaction, so the watchlist's update policy
-- also guards who changes a platform-visible list's entries.
alter table screening_entries enable row level security;
create policy screening_entries_read on screening_entries for select using (
  exists (select 1 from screening_watchlists w where w.agency_id = screening_entries.agency_id and w.id = screening_entries.watchlist_id));
create policy screening_entries_insert on screening_entries for insert
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');
create policy screening_entries_update on screening_entries for update
  using (agency_id = concord_acting_agency() or concord_scope() = 'system')
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');

do $$
declare t text;
begin
  foreach t in array array['screening_batches', 'screening_hits', 'screening_suppressions'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (agency_id = concord_acting_agency() or concord_scope() = ''system'')', t || '_by_agency', t);
  end loop;
end
$$;

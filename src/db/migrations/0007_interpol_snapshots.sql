-- Interpol import (docs/interpol-import.md): every document read by `concord import interpol` is kept as a snapshot
-- (fetch time, SHA-256 of its text, file name, kind, counts), owned by the importing agency. A notice matched to an
-- Interpol public notice keeps the last imported content and its fingerprints, so that a re-import can tell what
-- changed without reading the snapshots again.

create table interpol_snapshots (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  -- One import run writes several snapshots in one transaction; they share its id.
  import_id uuid not null,
  file_name text not null check (length(file_name) between 1 and 500),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  fetched_at timestamptz,
  document_kind text not null check (document_kind in ('list', 'detail')),
  notice_kind text check (notice_kind in ('red', 'yellow', 'un')),
  -- The whole public list of its kind (every page, no filter): notices missing from it become no_longer_public.
  complete boolean not null,
  notices integer not null check (notices >= 0),
  list_total integer,
  list_page integer,
  warnings integer not null default 0 check (warnings >= 0),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, id)
);
create index interpol_snapshots_import_idx on interpol_snapshots (agency_id, created_at desc);

alter table fugitive_notices
  add column interpol_fingerprint text check (interpol_fingerprint ~ '^[0-9a-f]{64}$'),
  add column interpol_summary_fingerprint text check (interpol_summary_fingerprint ~ '^[0-9a-f]{64}$'),
  -- The notice as last imported (parse-interpol's InterpolNotice), charges included; a list item never overwrites
  -- the detail fields stored from a detail document.
  add column interpol_data jsonb;

grant select, insert on interpol_snapshots to concord_app;

alter table interpol_snapshots enable row level security;
create policy interpol_snapshots_by_agency on interpol_snapshots
  using (agency_id = concord_acting_agency() or concord_scope() = 'system');

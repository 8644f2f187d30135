-- The revision of what the name search of wanted persons covers (src/modules/fugitives/persons/search-index.ts):
-- a single counter, moved by every statement that can change a person's indexed names or who sees a person — names,
-- aliases, birth dates, nationalities or gender of a person; a notice's kind, status or target states; an agency's
-- state; a restore (truncate). A search reads it first; while it has not moved, each server's kept index is current
-- and the search reads nothing else to know it. The counter says only that something changed, not what or where.

create table fugitive_search_revision (
  singleton boolean primary key default true check (singleton),
  revision bigint not null
);
insert into fugitive_search_revision (revision) values (0);
grant select on fugitive_search_revision to concord_app;

create function concord_bump_fugitive_search_revision() returns trigger
  language plpgsql security definer set search_path = pg_catalog, public as $$
begin
  update public.fugitive_search_revision set revision = revision + 1;
  return null;
end
$$;
revoke all on function concord_bump_fugitive_search_revision() from public;

create trigger fugitives_search_revision
  after insert or delete or truncate or update of agency_id, names, aliases, birth_dates, nationalities, gender on fugitives
  for each statement execute function concord_bump_fugitive_search_revision();
create trigger fugitive_notices_search_revision
  after insert or delete or truncate or update of agency_id, fugitive_id, kind, status, target_states on fugitive_notices
  for each statement execute function concord_bump_fugitive_search_revision();
create trigger agencies_search_revision
  after update of state on agencies
  for each statement execute function concord_bump_fugitive_search_revision();

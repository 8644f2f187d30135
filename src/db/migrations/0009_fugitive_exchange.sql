-- FollowTheMoney exchange of wanted persons (docs/fugitives-exchange.md). A person imported from a FtM file keeps the
-- entity id it had there, so that importing the file again (or a newer one) merges into the same person instead of
-- creating a duplicate. The id is unique within the importing agency only: two agencies may import the same file.
alter table fugitives
  add column ftm_id text check (length(ftm_id) between 1 and 200);
create unique index fugitives_ftm_id_key on fugitives (agency_id, ftm_id) where ftm_id is not null;

-- The wanting agency's short name of a person another agency sees, for exports: agencies rows are visible to their
-- members only. This answers, for given ids, only each agency's short name; it runs as the owner so that row-level
-- security on agencies does not hide the answer.
create function concord_agency_short_names(ids uuid[]) returns table (id uuid, short_name text)
  language sql stable security definer set search_path = pg_catalog, public as $$
  select a.id, a.short_name::text from public.agencies a where a.id = any (ids)
$$;
revoke all on function concord_agency_short_names(uuid[]) from public;
grant execute on function concord_agency_short_names(uuid[]) to concord_app;

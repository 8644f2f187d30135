-- Fugitives: wanted persons, their Interpol notices and diffusions with a status history, sightings, the steps of
-- their return, internal notes, photographs, and campaigns (docs/fugitives.md).
--
-- Every table is tenant-owned: agency_id comes first in the primary key. A person and everything recorded about them
-- (notices, steps, sightings, notes, photos) carry the wanting agency's id, so that they sit together under Citus.
-- A person is visible to the wanting agency; to every agency while one of its red notices is published; to the
-- agencies of the target states while one of its diffusions is published. Notes are the wanting agency's alone.
-- A sighting is seen by the wanting agency and by the agency that reported it. Campaigns belong to their agency.
-- Like screening data, this is business data: the platform scope sees nothing more than its own agency.
-- Nothing is deleted: withdrawal and cancellation are recorded states, so concord_app gets no DELETE.

create table fugitives (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  -- Original script, as given; the first is the caption (FtM name). Aliases are FtM alias.
  names text[] not null check (cardinality(names) between 1 and 20),
  aliases text[] not null default '{}' check (cardinality(aliases) <= 50),
  -- FtM dates: YYYY, YYYY-MM or YYYY-MM-DD.
  birth_dates text[] not null default '{}',
  nationalities text[] not null default '{}',
  gender text check (gender in ('male', 'female', 'other')),
  -- [{ "type": "passport" | "national_id" | "other", "number": "…", "country": "CN" | null }]
  identifiers jsonb not null default '[]',
  offences text[] not null default '{}' check (
    offences <@ array['embezzlement', 'bribery', 'abuse_of_office', 'money_laundering', 'fraud', 'other']),
  -- Exact decimals: the amount involved in its currency, and its value at a dated exchange rate in another currency
  -- (converted = round(amount × rate) to the target currency's minor units, computed by PostgreSQL).
  amount numeric check (amount >= 0 and amount < 1e18 and scale(amount) <= 4),
  currency char(3) check (currency ~ '^[A-Z]{3}$'),
  fx_rate numeric check (fx_rate > 0 and fx_rate < 1e9 and scale(fx_rate) <= 10),
  fx_rate_on date,
  converted_currency char(3) check (converted_currency ~ '^[A-Z]{3}$'),
  converted_amount numeric check (converted_amount >= 0),
  case_references text[] not null default '{}' check (cardinality(case_references) <= 50),
  fled_on date,
  -- The state the person fled from (usually the wanting agency's), ISO 3166-1 alpha-2.
  fled_from char(2) check (fled_from ~ '^[A-Z]{2}$'),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  check ((amount is null) = (currency is null)),
  check ((fx_rate is null) = (fx_rate_on is null) and (fx_rate is null) = (converted_currency is null)
    and (fx_rate is null) = (converted_amount is null)),
  check (fx_rate is null or amount is not null)
);
create unique index fugitives_id_key on fugitives (id);
create index fugitives_updated_idx on fugitives (agency_id, updated_at desc);

create table fugitive_notes (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  fugitive_id uuid not null,
  body text not null check (length(body) between 1 and 20000),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, fugitive_id) references fugitives (agency_id, id)
);
create index fugitive_notes_person_idx on fugitive_notes (agency_id, fugitive_id, created_at);

-- Photographs, content-addressed: the key is the SHA-256 of the bytes, checked here as well as by the application.
create table fugitive_photos (
  agency_id uuid not null,
  fugitive_id uuid not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  media_type text not null check (media_type in ('image/jpeg', 'image/png', 'image/webp')),
  bytes bytea not null check (octet_length(bytes) between 1 and 10485760),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, fugitive_id, sha256),
  foreign key (agency_id, fugitive_id) references fugitives (agency_id, id),
  check (encode(sha256(bytes), 'hex') = sha256)
);

create table fugitive_notices (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  fugitive_id uuid not null,
  kind text not null check (kind in ('red', 'yellow', 'silver', 'diffusion')),
  -- Interpol's control number or reference, once known.
  reference text check (length(reference) between 1 and 100),
  -- Interpol's public entity id (e.g. '2016/12345'), set by the import of public notices.
  interpol_entity_id text check (length(interpol_entity_id) between 1 and 100),
  target_states text[] not null default '{}',
  status text not null default 'requested'
    check (status in ('requested', 'published', 'withdrawn', 'cancelled', 'no_longer_public')),
  status_on date not null,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, fugitive_id) references fugitives (agency_id, id),
  check ((kind = 'diffusion') = (cardinality(target_states) > 0))
);
create unique index fugitive_notices_id_key on fugitive_notices (id);
create index fugitive_notices_person_idx on fugitive_notices (agency_id, fugitive_id);
create index fugitive_notices_published_idx on fugitive_notices (agency_id, fugitive_id, kind) where status = 'published';
create unique index fugitive_notices_entity_key on fugitive_notices (interpol_entity_id) where interpol_entity_id is not null;

create table fugitive_notice_events (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  notice_id uuid not null,
  fugitive_id uuid not null,
  status text not null check (status in ('requested', 'published', 'withdrawn', 'cancelled', 'no_longer_public')),
  occurred_on date not null,
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, notice_id) references fugitive_notices (agency_id, id)
);
create index fugitive_notice_events_notice_idx on fugitive_notice_events (agency_id, notice_id, created_at);

create table fugitive_sightings (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  fugitive_id uuid not null,
  reported_by_agency_id uuid not null references agencies (id),
  state char(2) not null check (state ~ '^[A-Z]{2}$'),
  city text check (length(city) between 1 and 120),
  seen_on date not null,
  source text not null check (length(source) between 1 and 500),
  confidence text not null check (confidence in ('low', 'medium', 'high')),
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, fugitive_id) references fugitives (agency_id, id)
);
create index fugitive_sightings_person_idx on fugitive_sightings (agency_id, fugitive_id, seen_on);

create table fugitive_return_steps (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  fugitive_id uuid not null,
  -- Order of recording within the person: steps are appended, each no earlier than the one before.
  seq integer not null check (seq > 0),
  kind text not null check (kind in ('located', 'provisional_arrest', 'detention', 'extradition_proceedings', 'deportation',
    'repatriation', 'voluntary_return', 'returned', 'trial', 'verdict')),
  occurred_on date not null,
  -- Where: the state the person was located, held or returned from; the trial's state for trial and verdict.
  state char(2) check (state ~ '^[A-Z]{2}$'),
  city text check (length(city) between 1 and 120),
  -- How a person was returned: required on 'returned' only.
  means text check (means in ('extradition', 'deportation', 'repatriation', 'voluntary_return')),
  note text check (length(note) <= 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, fugitive_id) references fugitives (agency_id, id),
  check ((kind = 'returned') = (means is not null)),
  check (kind <> 'returned' or state is not null)
);
create unique index fugitive_return_steps_seq_key on fugitive_return_steps (agency_id, fugitive_id, seq);

create table fugitive_campaigns (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 3 and 200),
  description text check (length(description) <= 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id)
);
create unique index fugitive_campaigns_id_key on fugitive_campaigns (id);
create unique index fugitive_campaigns_name_key on fugitive_campaigns (agency_id, lower(name));

-- A member may be another agency's person (one the campaign's agency could see when adding it); the reference is
-- not a foreign key across tenants, and progress counts only the members the reader can see.
create table fugitive_campaign_members (
  agency_id uuid not null,
  campaign_id uuid not null,
  fugitive_agency_id uuid not null,
  fugitive_id uuid not null,
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, campaign_id, fugitive_id),
  foreign key (agency_id, campaign_id) references fugitive_campaigns (agency_id, id)
);

-- The acting agency's state, read past row-level security on agencies (a helper of the policies below).
create function concord_acting_state() returns text
  language sql stable security definer set search_path = pg_catalog, public as $$
  select a.state::text from public.agencies a where a.id = concord_acting_agency()
$$;
revoke all on function concord_acting_state() from public;
grant execute on function concord_acting_state() to concord_app;

-- Whether the acting agency may see another agency's person through a published notice: a red notice (every
-- agency), or a diffusion whose target states include the acting agency's state. It reads fugitive_notices as the
-- migration role, past row-level security, so that the policies of fugitives and of fugitive_notices do not recurse
-- into each other; it answers only this yes/no question, with a fixed search_path.
create function concord_fugitive_shared(person_agency uuid, person uuid) returns boolean
  language sql stable security definer set search_path = pg_catalog, public as $$
  select exists (
    select 1 from public.fugitive_notices n
    where n.agency_id = person_agency and n.fugitive_id = person and n.status = 'published'
      and (n.kind = 'red' or (n.kind = 'diffusion' and concord_acting_state() = any (n.target_states))))
$$;
revoke all on function concord_fugitive_shared(uuid, uuid) from public;
grant execute on function concord_fugitive_shared(uuid, uuid) to concord_app;

-- Whether the acting agency sees a person: its own, shared through a notice, or the system scope.
create function concord_fugitive_visible(person_agency uuid, person uuid) returns boolean
  language sql stable security definer set search_path = pg_catalog, public as $$
  select person_agency = concord_acting_agency() or concord_scope() = 'system' or concord_fugitive_shared(person_agency, person)
$$;
revoke all on function concord_fugitive_visible(uuid, uuid) from public;
grant execute on function concord_fugitive_visible(uuid, uuid) to concord_app;

grant select, insert, update on fugitives, fugitive_notices, fugitive_campaigns to concord_app;
grant select, insert on fugitive_notes, fugitive_photos, fugitive_notice_events, fugitive_sightings, fugitive_return_steps,
  fugitive_campaign_members to concord_app;

alter table fugitives enable row level security;
create policy fugitives_read on fugitives for select using (concord_fugitive_visible(agency_id, id));
create policy fugitives_insert on fugitives for insert
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');
create policy fugitives_update on fugitives for update
  using (agency_id = concord_acting_agency() or concord_scope() = 'system')
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');

-- Another agency sees the published notices that make the person visible to it: published red notices, and
-- published diffusions to its state. Yellow and silver notices and every other status stay with the owner.
alter table fugitive_notices enable row level security;
create policy fugitive_notices_read on fugitive_notices for select using (
  agency_id = concord_acting_agency() or concord_scope() = 'system'
  or (status = 'published' and (kind = 'red' or (kind = 'diffusion' and concord_acting_state() = any (target_states)))));
create policy fugitive_notices_insert on fugitive_notices for insert
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');
create policy fugitive_notices_update on fugitive_notices for update
  using (agency_id = concord_acting_agency() or concord_scope() = 'system')
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');

-- The history of a notice is the owner's.
alter table fugitive_notice_events enable row level security;
create policy fugitive_notice_events_by_agency on fugitive_notice_events
  using (agency_id = concord_acting_agency() or concord_scope() = 'system');

-- Return steps and photos are seen by whoever sees the person, and written by the owner only.
do $$
declare t text;
begin
  foreach t in array array['fugitive_return_steps', 'fugitive_photos'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I for select using (concord_fugitive_visible(agency_id, fugitive_id))', t || '_read', t);
    execute format('create policy %I on %I for insert with check (agency_id = concord_acting_agency() or concord_scope() = ''system'')',
      t || '_insert', t);
  end loop;
end
$$;

-- Sightings: seen by the wanting agency and by the reporter; any agency that sees the person may report one.
alter table fugitive_sightings enable row level security;
create policy fugitive_sightings_read on fugitive_sightings for select using (
  agency_id = concord_acting_agency() or reported_by_agency_id = concord_acting_agency() or concord_scope() = 'system');
create policy fugitive_sightings_insert on fugitive_sightings for insert with check (
  (reported_by_agency_id = concord_acting_agency() and concord_fugitive_visible(agency_id, fugitive_id)) or concord_scope() = 'system');

-- Notes, campaigns and their members never leave their agency.
do $$
declare t text;
begin
  foreach t in array array['fugitive_notes', 'fugitive_campaigns', 'fugitive_campaign_members'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I using (agency_id = concord_acting_agency() or concord_scope() = ''system'')', t || '_by_agency', t);
  end loop;
end
$$;

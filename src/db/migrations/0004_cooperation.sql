-- Cooperation: events (workshops, high-level meetings, conferences), training programmes with their sessions and
-- participants, technical support deliveries, and joint operations.
--
-- Every table is tenant-owned: agency_id is the organising (owning) agency and comes first in the primary key.
-- Unlike the platform tables, a row is also visible to the agencies it is shared with — the participants of an event,
-- training programme or joint operation, the recipient of technical support. Only the owning agency writes its rows.
-- The platform scope (the Secretariat's administrators) sees and writes every agency's cooperation records: the
-- mechanism's calendar is coordinated by the Secretariat (docs/cooperation.md). Nothing is deleted: cancellation
-- and withdrawal are recorded states, so concord_app gets no DELETE.

-- Participants and recipients are other tenants, whose agencies rows the acting agency may not read (agencies are
-- visible only to their members). This answers, for given ids, only whether each is an agency and its state; it runs
-- as the owner so that row-level security on agencies does not hide the answer.
create function concord_agency_states(ids uuid[]) returns table (id uuid, state text)
  language sql stable security definer set search_path = pg_catalog, public as $$
  select a.id, a.state::text from public.agencies a where a.id = any (ids)
$$;
revoke all on function concord_agency_states(uuid[]) from public;
grant execute on function concord_agency_states(uuid[]) to concord_app;

create table cooperation_events (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('workshop', 'high_level_meeting', 'conference')),
  title text not null check (length(title) between 3 and 300),
  city text not null check (length(city) between 1 and 120),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  starts_on date not null,
  ends_on date not null,
  participant_agency_ids uuid[] not null default '{}',
  outcomes text check (length(outcomes) <= 20000),
  status text not null default 'planned' check (status in ('planned', 'held', 'cancelled')),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  check (ends_on >= starts_on)
);
create unique index cooperation_events_id_key on cooperation_events (id);
create index cooperation_events_starts_idx on cooperation_events (agency_id, starts_on desc);
create index cooperation_events_participants_idx on cooperation_events using gin (participant_agency_ids);

create table training_programmes (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  title text not null check (length(title) between 3 and 300),
  topics text[] not null check (
    cardinality(topics) > 0
    and topics <@ array['cross_border_bribery', 'fugitive_tracking', 'asset_recovery', 'financial_investigation', 'mla_drafting',
                        'procurement_integrity', 'digital_evidence', 'money_laundering_typologies']
  ),
  host_state char(2) not null check (host_state ~ '^[A-Z]{2}$'),
  year integer not null check (year between 2000 and 2100),
  description text check (length(description) <= 20000),
  cancelled boolean not null default false,
  -- Derived: the agencies with a participation recorded in any session (kept by the trigger below). It is what
  -- makes the programme, its sessions and its participants visible to those agencies.
  participant_agency_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id)
);
create unique index training_programmes_id_key on training_programmes (id);
create index training_programmes_year_idx on training_programmes (agency_id, year desc);
create index training_programmes_participants_idx on training_programmes using gin (participant_agency_ids);

create table training_sessions (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  programme_id uuid not null,
  starts_on date not null,
  ends_on date not null,
  city text not null check (length(city) between 1 and 120),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  -- Unconstrained numeric keeps the scale it was given ('7.5' stays '7.5'); the checks bound it instead.
  hours numeric not null check (hours > 0 and hours < 100000 and scale(hours) <= 2),
  cancelled boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  unique (agency_id, programme_id, id),
  foreign key (agency_id, programme_id) references training_programmes (agency_id, id),
  check (ends_on >= starts_on)
);
create unique index training_sessions_id_key on training_sessions (id);
create index training_sessions_programme_idx on training_sessions (agency_id, programme_id, starts_on);

create table training_participants (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  programme_id uuid not null,
  session_id uuid not null,
  -- Null for participants from a body that is not a Concord agency (the state is still recorded).
  participant_agency_id uuid references agencies (id),
  state char(2) not null check (state ~ '^[A-Z]{2}$'),
  participants integer not null check (participants > 0),
  -- Training hours each of these participants attended.
  hours numeric not null check (hours > 0 and hours < 100000 and scale(hours) <= 2),
  withdrawn boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  foreign key (agency_id, programme_id, session_id) references training_sessions (agency_id, programme_id, id)
);
create unique index training_participants_id_key on training_participants (id);
create index training_participants_session_idx on training_participants (agency_id, session_id);
-- One line per sending agency (or, without one, per state) and session: a second would count the people twice.
create unique index training_participants_line_key on training_participants
  (agency_id, session_id, coalesce(participant_agency_id, '00000000-0000-0000-0000-000000000000'), state) where not withdrawn;

create table technical_support (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  recipient_agency_id uuid not null references agencies (id),
  kind text not null check (kind in ('equipment', 'facility', 'expert_mission', 'software', 'other')),
  description text not null check (length(description) between 3 and 2000),
  -- Exact decimal in the currency's units, never rounded on the way in (scale as given, at most 4).
  value numeric not null check (value >= 0 and value < 1e16 and scale(value) <= 4),
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  delivered_on date not null,
  cancelled boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  check (recipient_agency_id <> agency_id)
);
create unique index technical_support_id_key on technical_support (id);
create index technical_support_delivered_idx on technical_support (agency_id, delivered_on desc);
create index technical_support_recipient_idx on technical_support (recipient_agency_id);

create table joint_operations (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  name text not null check (length(name) between 3 and 200),
  status text not null default 'planned' check (status in ('planned', 'active', 'closed')),
  participant_agency_ids uuid[] not null default '{}',
  objectives text check (length(objectives) <= 20000),
  starts_on date not null,
  ends_on date,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id),
  check (ends_on is null or ends_on >= starts_on),
  check (status <> 'closed' or ends_on is not null)
);
create unique index joint_operations_id_key on joint_operations (id);
create index joint_operations_status_idx on joint_operations (agency_id, status);
create index joint_operations_participants_idx on joint_operations using gin (participant_agency_ids);

-- Keeps training_programmes.participant_agency_ids equal to the agencies of its participation lines that are not
-- withdrawn. The programme row is locked first, so that the recount (a later statement, with a fresh snapshot) sees
-- lines committed meanwhile by another transaction adding to the same programme.
create function concord_training_participants_changed() returns trigger language plpgsql as $$
begin
  perform 1 from training_programmes where agency_id = new.agency_id and id = new.programme_id for update;
  update training_programmes
     set participant_agency_ids = coalesce((
           select array_agg(distinct p.participant_agency_id order by p.participant_agency_id)
             from training_participants p
            where p.agency_id = new.agency_id and p.programme_id = new.programme_id
              and not p.withdrawn and p.participant_agency_id is not null), '{}')
   where agency_id = new.agency_id and id = new.programme_id;
  return null;
end
$$;
create trigger training_participants_changed after insert or update of participant_agency_id, withdrawn on training_participants
  for each row execute function concord_training_participants_changed();

grant select, insert, update on cooperation_events, training_programmes, training_sessions, training_participants,
  technical_support, joint_operations to concord_app;

-- Visibility: the owning agency, the agencies a row is shared with, and the platform and system scopes. Writes: the
-- owning agency and the platform and system scopes. The @> form lets the GIN indexes serve the shared-with test.
alter table cooperation_events enable row level security;
create policy cooperation_events_read on cooperation_events for select using (
  agency_id = concord_acting_agency() or participant_agency_ids @> array[concord_acting_agency()]
  or concord_scope() in ('platform', 'system'));
create policy cooperation_events_insert on cooperation_events for insert
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy cooperation_events_update on cooperation_events for update
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table training_programmes enable row level security;
create policy training_programmes_read on training_programmes for select using (
  agency_id = concord_acting_agency() or participant_agency_ids @> array[concord_acting_agency()]
  or concord_scope() in ('platform', 'system'));
create policy training_programmes_insert on training_programmes for insert
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy training_programmes_update on training_programmes for update
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

-- Sessions and participation lines are visible exactly when their programme is (the sub-select is itself subject
-- to the programme's policy above, which does not refer back to these tables).
alter table training_sessions enable row level security;
create policy training_sessions_read on training_sessions for select using (
  exists (select 1 from training_programmes p where p.agency_id = training_sessions.agency_id and p.id = training_sessions.programme_id));
create policy training_sessions_insert on training_sessions for insert
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy training_sessions_update on training_sessions for update
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table training_participants enable row level security;
create policy training_participants_read on training_participants for select using (
  exists (select 1 from training_programmes p where p.agency_id = training_participants.agency_id and p.id = training_participants.programme_id));
create policy training_participants_insert on training_participants for insert
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy training_participants_update on training_participants for update
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table technical_support enable row level security;
create policy technical_support_read on technical_support for select using (
  agency_id = concord_acting_agency() or recipient_agency_id = concord_acting_agency()
  or concord_scope() in ('platform', 'system'));
create policy technical_support_insert on technical_support for insert
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy technical_support_update on technical_support for update
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table joint_operations enable row level security;
create policy joint_operations_read on joint_operations for select using (
  agency_id = concord_acting_agency() or participant_agency_ids @> array[concord_acting_agency()]
  or concord_scope() in ('platform', 'system'));
create policy joint_operations_insert on joint_operations for insert
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy joint_operations_update on joint_operations for update
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

-- Legal basis registry: states, their authorities, instruments (treaties, agreements, MoUs, conventions) with status
-- history, and declarations under multilateral instruments. This is reference data shared by every agency (not
-- tenant-owned: under Citus these would be reference tables): everyone signed in reads it; only platform
-- administrators and legal officers change it (RLS reads the acting user's roles from app.roles).

alter table users drop constraint users_roles_check;
alter table users add constraint users_roles_check check (
  roles <@ array['viewer', 'analyst', 'investigator', 'liaison_officer', 'approver', 'legal_officer', 'agency_admin', 'platform_admin']
  and cardinality(roles) > 0
);

create function concord_has_role(role text) returns boolean
  language sql stable as $$ select role = any(string_to_array(coalesce(current_setting('app.roles', true), ''), ',')) $$;

create function concord_may_edit_legal_basis() returns boolean
  language sql stable as $$ select concord_scope() in ('platform', 'system') or concord_has_role('legal_officer') $$;

create table legal_states (
  code char(2) primary key check (code ~ '^[A-Z]{2}$'),
  name text not null check (length(name) between 2 and 200),
  name_zh text,
  languages text[] not null default '{}',
  extradites_nationals boolean not null default false,
  reciprocity boolean not null default true,
  death_penalty boolean not null default false,
  notes text,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);

create table legal_authorities (
  id uuid primary key default gen_random_uuid(),
  state char(2) not null references legal_states (code),
  kind text not null check (kind in ('anti_corruption', 'central_mla', 'central_extradition', 'asset_recovery')),
  name text not null check (length(name) between 2 and 300),
  agency_id uuid references agencies (id),
  contact text,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index legal_authorities_state_idx on legal_authorities (state);

create table legal_instruments (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('bilateral_anticorruption', 'mou', 'extradition_treaty', 'mla_treaty', 'multilateral_convention')),
  title text not null check (length(title) between 3 and 400),
  short_title text not null check (length(short_title) between 2 and 120),
  parties char(2)[] not null check (cardinality(parties) >= 2),
  coverage text[] not null default '{}',
  offences jsonb not null default '{"mode":"all"}',
  conditions jsonb not null,
  languages text[] not null default '{}',
  central_authority text,
  articles jsonb not null default '{}',
  text_reference text,
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create index legal_instruments_parties_idx on legal_instruments using gin (parties);

create table legal_instrument_status (
  instrument_id uuid not null references legal_instruments (id),
  status text not null check (status in ('proposed', 'negotiating', 'signed', 'ratified', 'in_force', 'suspended', 'terminated')),
  effective_on date not null,
  note text,
  recorded_at timestamptz not null default now(),
  recorded_by uuid,
  primary key (instrument_id, effective_on, status)
);

create table legal_declarations (
  id uuid primary key default gen_random_uuid(),
  instrument_id uuid not null references legal_instruments (id),
  state char(2) not null references legal_states (code),
  kind text not null check (kind in ('convention_as_extradition_basis', 'central_authority', 'accepted_languages', 'convention_sufficient_for_confiscation', 'reservation')),
  article text not null,
  value jsonb not null,
  text text,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create unique index legal_declarations_key on legal_declarations (instrument_id, state, kind, article);

grant select, insert, update on legal_states, legal_authorities, legal_instruments, legal_instrument_status, legal_declarations to concord_app;
grant delete on legal_authorities, legal_declarations to concord_app;

do $$
declare t text;
begin
  foreach t in array array['legal_states', 'legal_authorities', 'legal_instruments', 'legal_instrument_status', 'legal_declarations'] loop
    execute format('alter table %I enable row level security', t);
    execute format('create policy %I on %I for select using (true)', t || '_read', t);
    execute format('create policy %I on %I for insert with check (concord_may_edit_legal_basis())', t || '_insert', t);
    execute format('create policy %I on %I for update using (concord_may_edit_legal_basis()) with check (concord_may_edit_legal_basis())', t || '_update', t);
    execute format('create policy %I on %I for delete using (concord_may_edit_legal_basis())', t || '_delete', t);
  end loop;
end
$$;

-- Concord platform spine: agencies (tenants), users, sessions, MFA, settings, audit chain, jobs.
-- Row-level security keys every tenant-owned row to the acting agency, which the application sets per transaction
-- (app.agency_id, app.scope) after switching to the non-owner role concord_app.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'concord_app') then
    create role concord_app nologin;
  end if;
exception when duplicate_object or unique_violation then null;
end
$$;

-- A non-superuser owner needs membership to SET ROLE; for a superuser this is a no-op.
do $$
begin
  if not (select rolsuper from pg_roles where rolname = current_user) then
    execute format('grant concord_app to %I', current_user);
  end if;
end
$$;

grant usage on schema public to concord_app;

create function concord_acting_agency() returns uuid
  language sql stable as $$ select nullif(current_setting('app.agency_id', true), '')::uuid $$;

-- 'agency': an ordinary user's request; 'platform': a platform administrator's request (sees the platform tables
-- of every agency, never the business data of later modules); 'system': the server itself (session look-up,
-- login, the audit verifier, job workers before they adopt a job's agency).
create function concord_scope() returns text
  language sql stable as $$ select coalesce(nullif(current_setting('app.scope', true), ''), 'none') $$;

create table agencies (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 2 and 200),
  short_name text not null check (length(short_name) between 2 and 20),
  state char(2) not null check (state ~ '^[A-Z]{2}$'),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
create unique index agencies_short_name_key on agencies (lower(short_name));

create table users (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
  display_name text not null check (length(display_name) between 1 and 200),
  password_hash text not null,
  roles text[] not null check (
    roles <@ array['viewer', 'analyst', 'investigator', 'liaison_officer', 'approver', 'agency_admin', 'platform_admin']
    and cardinality(roles) > 0
  ),
  active boolean not null default true,
  locale text not null default 'en',
  mfa_enabled boolean not null default false,
  mfa_secret_enc text,
  mfa_pending_secret_enc text,
  failed_login_count integer not null default 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  password_changed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  created_by uuid,
  updated_at timestamptz not null default now(),
  updated_by uuid,
  primary key (agency_id, id)
);
create unique index users_email_key on users (lower(email));
create unique index users_id_key on users (id);

create table sessions (
  agency_id uuid not null,
  id uuid not null default gen_random_uuid(),
  user_id uuid not null,
  token_hash bytea not null,
  stage text not null check (stage in ('active', 'mfa_pending', 'mfa_enrol')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz,
  end_reason text,
  ip text,
  user_agent text,
  primary key (agency_id, id),
  foreign key (agency_id, user_id) references users (agency_id, id)
);
create unique index sessions_token_hash_key on sessions (token_hash);
create index sessions_user_idx on sessions (agency_id, user_id) where ended_at is null;

create table mfa_recovery_codes (
  agency_id uuid not null,
  user_id uuid not null,
  code_hash bytea not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  primary key (agency_id, user_id, code_hash),
  foreign key (agency_id, user_id) references users (agency_id, id)
);

create table platform_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by uuid
);
insert into platform_settings (key, value) values ('mfa_required', 'false');

create table audit_log (
  seq bigint primary key,
  occurred_at timestamptz not null,
  agency_id uuid,
  actor_user_id uuid,
  request_id text,
  event_type text not null,
  event_version integer not null,
  data jsonb not null,
  prev_hash text not null,
  entry_hash text not null
);
create index audit_log_agency_idx on audit_log (agency_id, seq desc);
create index audit_log_type_idx on audit_log (event_type, seq desc);

-- The head of the chain: one row, locked by each append so that entries form one line.
create table audit_head (
  id integer primary key check (id = 1),
  seq bigint not null,
  entry_hash text not null
);
insert into audit_head (id, seq, entry_hash) values (1, 0, repeat('0', 64));

create table audit_checkpoints (
  seq bigint primary key,
  entry_hash text not null,
  created_at timestamptz not null default now(),
  key_id text not null,
  signature text not null
);

create function concord_audit_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit records are append-only (% refused)', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function concord_audit_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function concord_audit_is_append_only();
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
  for each row execute function concord_audit_is_append_only();

create table jobs (
  agency_id uuid not null references agencies (id),
  id uuid not null default gen_random_uuid(),
  type text not null,
  status text not null check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  progress integer not null default 0 check (progress between 0 and 100),
  message text,
  payload jsonb not null default '{}',
  result jsonb,
  error text,
  cancel_requested boolean not null default false,
  created_by uuid not null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (agency_id, id)
);
create unique index jobs_id_key on jobs (id);
create index jobs_agency_created_idx on jobs (agency_id, created_at desc);

-- Grants: the application role reads and writes rows but owns nothing, so it cannot alter tables or bypass RLS.
grant select, insert, update on agencies, users, sessions, mfa_recovery_codes, platform_settings, jobs to concord_app;
grant delete on mfa_recovery_codes to concord_app;
grant select, insert on audit_log, audit_checkpoints to concord_app;
grant select, update on audit_head to concord_app;

alter table agencies enable row level security;
create policy agencies_by_agency on agencies
  using (id = concord_acting_agency() or concord_scope() in ('platform', 'system'))
  with check (concord_scope() in ('platform', 'system'));

alter table users enable row level security;
create policy users_by_agency on users
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table sessions enable row level security;
create policy sessions_by_agency on sessions
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table mfa_recovery_codes enable row level security;
create policy recovery_codes_by_agency on mfa_recovery_codes
  using (agency_id = concord_acting_agency() or concord_scope() = 'system');

alter table platform_settings enable row level security;
create policy settings_read on platform_settings for select using (true);
create policy settings_write on platform_settings for update
  using (concord_scope() in ('platform', 'system')) with check (concord_scope() in ('platform', 'system'));
create policy settings_insert on platform_settings for insert
  with check (concord_scope() in ('platform', 'system'));

alter table audit_log enable row level security;
create policy audit_read on audit_log for select
  using (agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));
create policy audit_append on audit_log for insert
  with check (agency_id is null or agency_id = concord_acting_agency() or concord_scope() in ('platform', 'system'));

alter table jobs enable row level security;
create policy jobs_by_agency on jobs
  using (agency_id = concord_acting_agency() or concord_scope() = 'system');

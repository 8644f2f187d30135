-- Sign-in throttling replaces the account lock (docs/security.md, Accounts and sessions).
--
-- The lock (users.failed_login_count, users.locked_until) let anyone lock any account with five requests, and told
-- who has an account: only a known e-mail ever answered "locked". Failures are now counted in login_throttle under
-- keys that do not depend on whether the e-mail has an account: account_key is the SHA-256 of the lower-cased
-- e-mail; source_key the SHA-256 of the lower-cased e-mail and the client's IP address, or empty for the row that
-- counts the account's failures from every source. No e-mail address or IP address is stored in clear.
-- The delays that follow failures are set by the server (src/modules/platform/auth/login-throttle.ts).

alter table users drop column failed_login_count, drop column locked_until;

-- The TOTP time step (Unix time / 30 s) of the last code accepted for this user: a code is accepted only for a later
-- step, set by a conditional update, so one code cannot be used twice, not even by two concurrent requests.
alter table users add column mfa_last_step bigint not null default 0;

create table login_throttle (
  account_key bytea not null check (length(account_key) = 32),
  source_key bytea not null check (length(source_key) in (0, 32)),
  failures integer not null check (failures > 0),
  delayed_until timestamptz,
  updated_at timestamptz not null,
  primary key (account_key, source_key)
);
-- Old rows are pruned by age on each write.
create index login_throttle_updated_idx on login_throttle (updated_at);

-- Only the server itself (system scope: sign-in) reads and writes throttle state.
grant select, insert, update, delete on login_throttle to concord_app;
alter table login_throttle enable row level security;
create policy login_throttle_system on login_throttle
  using (concord_scope() = 'system') with check (concord_scope() = 'system');

-- Administrators see whether a user's sign-in is delayed and lift the delay, through these two functions only: they
-- run as the owner, answer for the users the caller's transaction may see (its agency; every agency for the platform
-- and system scopes), and only in a transaction of an agency or platform administrator or of the system. The key is
-- the same SHA-256 of the lower-cased e-mail that the server computes at sign-in.
create function concord_may_manage_login_throttle() returns boolean
  language sql stable as $$
  select concord_scope() = 'system'
    or (concord_scope() in ('agency', 'platform') and (concord_has_role('agency_admin') or concord_has_role('platform_admin')))
$$;

create function concord_login_delayed_users(user_ids uuid[], as_of timestamptz) returns setof uuid
  language sql stable security definer set search_path = pg_catalog, public as $$
  select u.id
  from public.users u
  join public.login_throttle t
    on t.account_key = sha256(convert_to(lower(u.email), 'UTF8')) and t.source_key = '\x'::bytea
  where u.id = any (user_ids)
    and (u.agency_id = public.concord_acting_agency() or public.concord_scope() in ('platform', 'system'))
    and public.concord_may_manage_login_throttle()
    and t.delayed_until > as_of
$$;
revoke all on function concord_login_delayed_users(uuid[], timestamptz) from public;
grant execute on function concord_login_delayed_users(uuid[], timestamptz) to concord_app;

create function concord_clear_login_throttle(target_user_id uuid) returns integer
  language plpgsql security definer set search_path = pg_catalog, public as $$
declare
  cleared integer;
begin
  if not public.concord_may_manage_login_throttle() then
    raise exception 'only an administrator may lift a sign-in delay' using errcode = 'insufficient_privilege';
  end if;
  delete from public.login_throttle t
  using public.users u
  where u.id = target_user_id
    and (u.agency_id = public.concord_acting_agency() or public.concord_scope() in ('platform', 'system'))
    and t.account_key = sha256(convert_to(lower(u.email), 'UTF8'));
  get diagnostics cleared = row_count;
  return cleared;
end
$$;
revoke all on function concord_clear_login_throttle(uuid) from public;
grant execute on function concord_clear_login_throttle(uuid) to concord_app;

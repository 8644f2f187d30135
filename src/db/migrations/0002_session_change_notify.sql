-- Servers keep signed-in sessions in a short-lived memory cache. Any change that can end a session or change what
-- it may do (session ended or rotated, user deactivated or re-roled, agency deactivated) notifies every server of
-- this database, which then drops its cache: revocation stays immediate with several servers.

create function concord_notify_session_change() returns trigger language plpgsql as $$
begin
  perform pg_notify('concord_session_change', tg_table_name);
  return null;
end
$$;

create trigger sessions_changed after update of ended_at, stage, token_hash, expires_at or delete on sessions
  for each statement execute function concord_notify_session_change();
create trigger users_changed after update of active, roles, email, display_name, mfa_enabled, locale, agency_id or delete on users
  for each statement execute function concord_notify_session_change();
create trigger agencies_changed after update of active, name, short_name, state or delete on agencies
  for each statement execute function concord_notify_session_change();

-- Audit anchoring (docs/security.md, Audit). A version 2 checkpoint's signature covers, beside the entry's seq and
-- hash, the previous checkpoint's seq, the hashes of every entry since that checkpoint (so that a verifier names the
-- first altered entry, not the checkpoint after it), the rule in force (a checkpoint at least every `every` entries)
-- and when it was signed. Rows written before this migration are version 1 and keep their old meaning.

alter table audit_checkpoints
  add column version smallint not null default 1,
  add column prev_seq bigint,
  -- The 32-byte SHA-256 hashes of entries prev_seq + 1 .. seq, concatenated in seq order.
  add column entry_hashes bytea,
  add column every integer,
  add column signed_at timestamptz;
alter table audit_checkpoints alter column version drop default;
alter table audit_checkpoints add constraint audit_checkpoints_version_fields check (
  (version = 1 and prev_seq is null and entry_hashes is null and every is null and signed_at is null)
  or (
    version = 2 and prev_seq is not null and prev_seq >= 0 and prev_seq < seq and entry_hashes is not null
    and octet_length(entry_hashes) = 32 * (seq - prev_seq) and every >= 1 and signed_at is not null
  )
);

-- The head also knows the newest checkpoint and the rule it was signed under, so that an append knows, from the row
-- it locks anyway, whether it must sign: at multiples of the configured N, and never more than the newest
-- checkpoint's `every` entries after it (when N was raised since).
alter table audit_head
  add column checkpoint_seq bigint not null default 0,
  add column checkpoint_every integer;
update audit_head set checkpoint_seq = coalesce((select max(seq) from audit_checkpoints), 0);

-- The hashes of entries after_seq + 1 .. upto_seq of every agency, for the checkpoint an append signs in its own
-- transaction: row-level security would show an agency's transaction only its own entries. It runs as the owner
-- and returns hashes only, which say nothing of an entry's content (each covers the previous hash and random ids),
-- as the head's hash, readable in every scope, already does.
create function concord_audit_entry_hashes(after_seq bigint, upto_seq bigint) returns bytea
  language sql stable security definer set search_path = pg_catalog, public as $$
  select coalesce(string_agg(decode(l.entry_hash, 'hex'), ''::bytea order by l.seq), ''::bytea)
  from public.audit_log l where l.seq > after_seq and l.seq <= upto_seq
$$;
revoke all on function concord_audit_entry_hashes(bigint, bigint) from public;
grant execute on function concord_audit_entry_hashes(bigint, bigint) to concord_app;

-- Who sees a wanted person, as a set rather than a question per row. The read policy asked
-- concord_fugitive_visible() for every row a query touched: a SECURITY DEFINER function cannot be inlined, so a list
-- of one person cost a call, and a look-up of the notices, for every person of every agency. The policy now compares
-- each row with one set — the persons that published notices share with the acting agency — which PostgreSQL builds
-- once per query and probes by hash. The set reads fugitive_notices under that table's own policy, which shows
-- another agency exactly the published red notices and the published diffusions to its state; that policy does not
-- read fugitives, so the two policies do not recurse. The rule is unchanged (migration 0006).
drop policy fugitives_read on fugitives;
create policy fugitives_read on fugitives for select using (
  agency_id = concord_acting_agency() or concord_scope() = 'system'
  or (agency_id, id) in (
    select n.agency_id, n.fugitive_id from fugitive_notices n
    where n.status = 'published' and (n.kind = 'red' or (n.kind = 'diffusion' and concord_acting_state() = any (n.target_states)))));
-- The list shows the latest changed persons first: walking this index, a page of the list stops after its rows
-- instead of sorting every visible person.
create index fugitives_recent_idx on fugitives (updated_at desc, id);

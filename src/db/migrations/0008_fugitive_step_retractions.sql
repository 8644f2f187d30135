-- Correcting a return step recorded in error (docs/fugitives.md, "Correcting a step"). Steps are never changed or
-- deleted: the wanting agency retracts the latest standing step with a reason, the retraction is appended here, and
-- the life-cycle rules, stage and figures then read only the standing steps. The retracted step stays in the
-- timeline, marked, so that the record shows what was believed and when it was withdrawn.

create table fugitive_step_retractions (
  agency_id uuid not null,
  step_id uuid not null,
  fugitive_id uuid not null,
  reason text not null check (length(reason) between 3 and 2000),
  created_at timestamptz not null default now(),
  created_by uuid,
  primary key (agency_id, step_id),
  foreign key (agency_id, step_id) references fugitive_return_steps (agency_id, id),
  foreign key (agency_id, fugitive_id) references fugitives (agency_id, id)
);
create index fugitive_step_retractions_person_idx on fugitive_step_retractions (agency_id, fugitive_id);

grant select, insert on fugitive_step_retractions to concord_app;

-- Seen by whoever sees the person's steps, written by the wanting agency only.
alter table fugitive_step_retractions enable row level security;
create policy fugitive_step_retractions_read on fugitive_step_retractions for select
  using (concord_fugitive_visible(agency_id, fugitive_id));
create policy fugitive_step_retractions_insert on fugitive_step_retractions for insert
  with check (agency_id = concord_acting_agency() or concord_scope() = 'system');

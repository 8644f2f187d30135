-- The last line behind the field limits of every entry path (src/lib/field-limits.ts): a wanted person's names and
-- aliases, which a published notice shows to every agency, hold at most 200 characters each. NOT VALID: rows written
-- before this release are not re-checked; every new or changed row is.
create function concord_texts_fit(texts text[], max_length integer) returns boolean
  language sql immutable parallel safe as $$
  select coalesce(bool_and(length(t) <= max_length), true) from unnest(texts) as t
$$;

alter table fugitives add constraint fugitives_names_fit
  check (concord_texts_fit(names, 200) and concord_texts_fit(aliases, 200)) not valid;

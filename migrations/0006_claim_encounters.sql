-- The encounter of a claim in a table of its own. It is written once (intake) and read by scrub
-- and batch, while the claims row changes state several times on its way out (ready, batched,
-- transmitted, ...): with the encounter inline every one of those updates copied it (a new row
-- version of ~2 kB, compressed again when wide). The claims row is now narrow.
--
-- `json`, not `jsonb`: the document is stored and read back whole, never queried inside, so
-- it keeps its text (validated on the way in, copied on the way out) instead of being
-- converted to and from the binary form on every write and read.
create table claim_encounters (
  claim_id    text primary key references claims (id),
  tenant_id   text not null,
  encounter   json not null
);

insert into claim_encounters (claim_id, tenant_id, encounter)
  select id, tenant_id, encounter::json from claims where encounter is not null;

-- Claims stored before this migration have moved their encounter above. The column stays
-- (nullable) for rows written by older code; readers take the claim_encounters row first.
alter table claims alter column encounter drop not null;
update claims set encounter = null where encounter is not null;

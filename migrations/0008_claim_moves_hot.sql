-- Claim moves as heap-only (HOT) updates. A claim changes state many times (ready, batched,
-- transmitted, accepted, paid ...), and its follow-up clock (due_at) with most of them. While an
-- index names state or due_at (claims_tenant_state, claims_ready's predicate, claims_due), every
-- move writes a new entry into every index of claims, the primary key and the (tenant, patient
-- control number) unique index included; a HOT update writes the row version alone. Posting
-- an 835 of 100k claims, the claims update took 1.16 s of PostgreSQL CPU (1.84 s in PGlite)
-- and 0.58 s (0.70 s) with every move HOT; with the bench's outcomes, where half the claims
-- go onto the denial worklist (a move into a work state below is not HOT), 1.02-1.05 s
-- (1.34-1.43 s).
--
-- So no index names state or due_at any more:
-- - work_state: the state when it is one that someone works off or picks from (received,
--   held, ready, rejected, partially paid, denied, stalled), otherwise null. Generated from
--   state, so no writer keeps it. A move between two states outside it (batched ->
--   transmitted -> accepted -> paid, reopened) leaves it null: nothing indexed changes, and the
--   update is HOT. Worklists, the ready pick and `?state=` of a work state read its indexes.
-- - A list of a state outside work_state (the bulk states: batched, transmitted, accepted,
--   paid, reopened) reads the tenant's claims and sorts them, as the list without a state
--   filter always has (no index is worth its write on every new row version here).
-- - claim_clocks: each follow-up clock as it is started (a move that sets due_at), written
--   once and never updated; the overdue scan reads it by due_at and takes a row only while the
--   claim's due_at is still that one, and deletes the rows whose clock has stopped or moved on
--   once past due. Stopping a clock (due_at to null, as every 835 posting does) writes nothing
--   here.
-- - fillfactor 50: room on each page for the new versions of the claims stored with it (a
--   bulk move updates claims stored together, in one transaction, so none can be pruned
--   before it commits). Rows written before this migration move with the rewrite below.

alter table claims set (fillfactor = 50);

alter table claims
  add column work_state text generated always as (
    case when state in ('received', 'held', 'ready', 'rejected', 'partially_paid', 'denied',
                        'stalled')
      then state end) stored;

drop index claims_tenant_state;
drop index claims_ready;
drop index claims_due;

create index claims_work on claims (tenant_id, work_state, created_at, id)
  where work_state is not null;
-- The batch worker's pick: a partner's ready claims, oldest first.
create index claims_ready on claims (tenant_id, partner_id, created_at, id)
  where work_state = 'ready';

create table claim_clocks (
  tenant_id  text not null,
  claim_id   text not null,
  due_at     timestamptz not null,
  primary key (claim_id, due_at)
);
create index claim_clocks_due on claim_clocks (due_at);

insert into claim_clocks (tenant_id, claim_id, due_at)
  select tenant_id, id, due_at from claims where due_at is not null;

-- The timeline (claim_events) and the 835 claim payments (claim_payments) without foreign key
-- checks. Each checked row costs a lookup of its parent with a row lock, one query per row
-- (PostgreSQL checks foreign keys row by row): posting an 835 of 100k claims spent about as
-- much CPU on these four checks as on writing the rows themselves.
--
-- The checks add nothing here:
-- - Both tables are written only by the store (claim-moves.ts, claims.ts, remittances.ts), and
--   always for a claim the same transaction has just read, locked or inserted: a move locks
--   the claim (select ... for update) before its timeline row; a late evidence row reads the
--   claim first; a new claim's first row is inserted with it; a claim payment is written
--   under the lock the 835 posting took on its claim.
-- - The evidence file (claim_events.file_id) is the file being read or written in that
--   transaction; the remittance (claim_payments.remittance_id) is inserted by the same
--   posting before its payments.
-- - Nothing deletes claims, files or remittances, so a parent cannot go away later either.
-- The indexes on claim_id stay (the timeline and a claim's payments are read by claim).
alter table claim_events
  drop constraint claim_events_claim_id_fkey,
  drop constraint claim_events_file_id_fkey;

alter table claim_payments
  drop constraint claim_payments_claim_id_fkey,
  drop constraint claim_payments_remittance_id_fkey;

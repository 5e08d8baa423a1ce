-- The payment of each remittance as the API shows it (BPR, TRN, DTM*405, the N1 payer and
-- payee, and where its CLPs sit), written with the row as the 835 is ingested. GET
-- /v1/remittances/:id read and parsed the archived 835 again for these on every call (some
-- 0.25 s for a 10 MB file), and could show them only while the archive stayed readable.
-- Payer and provider data, no patient data. Null on rows recorded before this migration:
-- payment_handling_code (BPR01, always sent) is set on every row written since, and the view
-- reads the archived file for a row without it.
alter table remittances
  add column payment_handling_code text,
  add column payment_credit_debit  text,
  add column payment_method        text,
  add column payment_format        text,
  add column payment_date          date,
  add column trace_type            text,
  add column trace_originator_id   text,
  add column production_date       date,
  add column payer_name            text,
  add column payer_id_qualifier    text,
  add column payer_party_id        text,
  add column payee_name            text,
  add column payee_id_qualifier    text,
  add column payee_id              text,
  -- CLPs in the transaction (posted or not), and the positions of its first and last CLP.
  add column claims_in_file        integer,
  add column first_claim_position  integer,
  add column last_claim_position   integer;

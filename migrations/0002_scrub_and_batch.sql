-- Duplicate detection needs each claim's fingerprint (patient, provider, dates and codes) at
-- hand without reading every encounter; batching needs jobs that run at a time (the end of a
-- partner's batch interval).
alter table claims add column fingerprint text;
create index claims_fingerprint on claims (tenant_id, fingerprint) where fingerprint is not null;
create index claims_ready on claims (tenant_id, partner_id, created_at) where state = 'ready';

alter table outbox add column run_at timestamptz;

-- 999s name transaction sets by group and set control numbers; find them by partner.
create index transaction_sets_lookup on transaction_sets (tenant_id, gs_control_number, st_control_number);

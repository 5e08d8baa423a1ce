-- Eligibility requests sent together, the 270 transaction set that carries each one (TA1 and
-- 999 find them as they find claims), and why a request failed (rejected or timed out).

-- A POST /v1/eligibility/batch: its requests for one partner go out in one 270 file, in order.
alter table eligibility_requests add column batch_id text;
alter table eligibility_requests add column batch_position integer;
-- The ST..SE of the outbound 270 holding the request (one set per request).
alter table eligibility_requests add column transaction_set_id text references transaction_sets (id);
-- failed: { code, source, message, ... } and when.
alter table eligibility_requests add column failure jsonb;
alter table eligibility_requests add column failed_at timestamptz;

create index eligibility_requests_batch on eligibility_requests (tenant_id, batch_id, partner_id)
  where state = 'pending';
create index eligibility_requests_set on eligibility_requests (transaction_set_id);
create index eligibility_requests_file on eligibility_requests (tenant_id, file_id);
create index eligibility_requests_waiting on eligibility_requests (tenant_id, partner_id)
  where state = 'sent';

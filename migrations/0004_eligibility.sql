-- Eligibility questions (270) and their answers (271).

-- One question from a practice-management system; trace_id is the caller's id (270 TRN02).
create table eligibility_requests (
  id           text primary key,
  tenant_id    text not null references tenants (id),
  partner_id   text not null,
  trace_id     text not null,
  patient_key  text not null,
  payer_id     text not null,
  request      jsonb not null,
  -- pending (stored, 270 not built), sent (270 built and queued), answered, failed
  state        text not null,
  -- the outbound 270 file, and its BHT03 (a 271 without TRN*2 is matched on it)
  file_id      text references files (id),
  reference    text,
  created_at   timestamptz not null,
  answered_at  timestamptz,
  unique (tenant_id, trace_id)
);
create index eligibility_requests_reference on eligibility_requests (tenant_id, reference);

-- Each coverage answer; the latest per patient and payer is what the scrubber uses.
create table eligibility_results (
  id                text primary key,
  tenant_id         text not null references tenants (id),
  request_id        text not null references eligibility_requests (id),
  patient_key       text not null,
  payer_id          text not null,
  -- null when the 271 gave no coverage status (only errors)
  active            boolean,
  coverage_from     text,
  coverage_through  text,
  summary           jsonb not null,
  at                timestamptz not null,
  -- insertion order: breaks ties between answers recorded at the same instant
  seq               bigserial not null
);
create index eligibility_results_latest on eligibility_results (tenant_id, patient_key, payer_id, at);
create index eligibility_results_request on eligibility_results (request_id);

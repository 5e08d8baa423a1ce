-- What 277CAs and 835s said, kept per claim, and what matched nothing.

-- Each 277CA claim status as received (a claim can get several: clearinghouse and payer).
create table claim_statuses (
  id                 bigserial primary key,
  tenant_id          text not null,
  claim_id           text not null references claims (id),
  file_id            text not null references files (id),
  position           integer not null,
  source_name        text,
  category           text not null,
  status_code        text not null,
  entity             text,
  rejection          boolean not null,
  owner              text,
  payer_claim_number text,
  at                 timestamptz not null,
  unique (file_id, position)
);
create index claim_statuses_claim on claim_statuses (claim_id);

-- One 835 payment (BPR/TRN). The trace number per payer posts once, ever.
create table remittances (
  id             text primary key,
  tenant_id      text not null references tenants (id),
  file_id        text not null references files (id),
  payer_id       text not null,
  trace_number   text not null,
  total_cents    bigint not null,
  -- posted, or held_unbalanced (balancing failed: nothing of it posted, waiting for review)
  state          text not null,
  problems       jsonb not null default '[]',
  at             timestamptz not null,
  unique (tenant_id, payer_id, trace_number)
);

-- Each CLP posted to a claim, with its adjustments and the outcome it led to.
create table claim_payments (
  id                          bigserial primary key,
  tenant_id                   text not null,
  claim_id                    text not null references claims (id),
  remittance_id               text not null references remittances (id),
  position                    integer not null,
  status_code                 text not null,
  charge_cents                bigint not null,
  paid_cents                  bigint not null,
  patient_responsibility_cents bigint not null,
  payer_claim_number          text,
  reversal                    boolean not null,
  outcome                     text not null,
  owner                       text,
  denied_cents                bigint not null,
  adjustments                 jsonb not null,
  at                          timestamptz not null,
  unique (remittance_id, position)
);
create index claim_payments_claim on claim_payments (claim_id);

-- PLB provider-level adjustments, recorded against the payment.
create table provider_adjustments (
  id             bigserial primary key,
  tenant_id      text not null,
  remittance_id  text not null references remittances (id),
  provider_id    text not null,
  reason         text not null,
  reference      text,
  amount_cents   bigint not null
);

-- 277CA statuses and 835 claim payments that match no claim of the tenant: a worklist.
create table unmatched_items (
  id                      bigserial primary key,
  tenant_id               text not null,
  file_id                 text not null references files (id),
  kind                    text not null,
  position                integer not null,
  patient_control_number  text,
  payer_claim_number      text,
  at                      timestamptz not null,
  unique (file_id, kind, position)
);

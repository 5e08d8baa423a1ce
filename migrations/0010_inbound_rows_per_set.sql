-- Segment positions count within a transaction set (ST = 1), so a file of several 277CA or
-- 835 sets repeats them: claim statuses and unmatched items keyed by file and position alone
-- dropped the second set's row at a position the first set had used ("on conflict do
-- nothing"). Each row now carries its set's ordinal within the file (1 for rows before this).
alter table claim_statuses add column set_number integer not null default 1;
alter table claim_statuses drop constraint claim_statuses_file_id_position_key;
alter table claim_statuses
  add constraint claim_statuses_file_set_position unique (file_id, set_number, position);

alter table unmatched_items add column set_number integer not null default 1;
alter table unmatched_items drop constraint unmatched_items_file_id_kind_position_key;
alter table unmatched_items
  add constraint unmatched_items_file_kind_set_position unique (file_id, kind, set_number, position);

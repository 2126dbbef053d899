-- ledger_one_entry_per_refund_and_kind (refund_id, kind) where refund_id is not null already serves every lookup
-- by refund; this second index on its first column only made each refund's two entries two more index writes.
drop index if exists ledger_entries_refund_idx;

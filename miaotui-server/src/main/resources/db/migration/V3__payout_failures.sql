-- A payout the gateway declined on every attempt ends PAYOUT_FAILED (money back in escrow) until an operator
-- retries it; a retry approves it again, so a refund may carry several approvals and failures, but never more
-- than one confirmed payout.
alter table refunds drop constraint refunds_status_check;
alter table refunds add constraint refunds_status_check
    check (status in ('PENDING_MERCHANT_REVIEW', 'APPROVED', 'PAID', 'REJECTED', 'PAYOUT_FAILED'));
alter table refunds add column payout_error varchar(500);
alter table refunds add column payout_failed_at timestamptz;

drop index ledger_one_entry_per_refund_and_kind;
create unique index ledger_one_payout_per_refund on ledger_entries (refund_id) where kind = 'PAYOUT_CONFIRMED';
create index ledger_entries_refund_idx on ledger_entries (refund_id) where refund_id is not null;
create index refunds_payout_failed_idx on refunds (payout_failed_at) where status = 'PAYOUT_FAILED';

-- A failed payout is no longer a dead end: an operator closes it as refunded outside the gateway (its amount
-- leaves escrow for the offline-refunds account, the line is refunded) or cancels it (the money stays in escrow,
-- the line is free to ship and settle). Both are refund states; the offline refund is a ledger entry of its own,
-- at most one per refund.
alter table refunds drop constraint refunds_status_check;
alter table refunds add constraint refunds_status_check
    check (status in ('PENDING_MERCHANT_REVIEW', 'APPROVED', 'PAID', 'REJECTED', 'PAYOUT_FAILED', 'REFUNDED_OFFLINE',
                      'CANCELLED'));

alter table ledger_entries drop constraint ledger_entries_kind_check;
alter table ledger_entries add constraint ledger_entries_kind_check
    check (kind in ('PAYMENT', 'REFUND_APPROVED', 'PAYOUT_CONFIRMED', 'PAYOUT_FAILED', 'SETTLEMENT', 'OFFLINE_REFUND'));
create unique index ledger_one_offline_refund_per_refund on ledger_entries (refund_id) where kind = 'OFFLINE_REFUND';

-- A refund's payout (status to PAID, paid_at, the gateway's reference) can be a HOT update: the new version of the
-- row on the same page and no index touched, instead of six new index entries a refund (pkey, buyer's key, line,
-- buyer's refunds, creation, paid time). PostgreSQL updates in place only when no indexed column changes, and a
-- partial index's predicate counts: status was in two predicates and paid_at a b-tree key.
-- The two queues keep their partial indexes, on stored columns that are null outside the queue, so a payout
-- leaves them unchanged (null before and after):
alter table refunds add column pending_review_due_at timestamptz
    generated always as (case when status = 'PENDING_MERCHANT_REVIEW' then review_deadline end) stored;
alter table refunds add column failed_payout_at timestamptz
    generated always as (case when status = 'PAYOUT_FAILED' then payout_failed_at end) stored;
drop index refunds_review_due_idx;
create index refunds_review_due_idx on refunds (pending_review_due_at) where pending_review_due_at is not null;
drop index refunds_payout_failed_idx;
create index refunds_payout_failed_idx on refunds (failed_payout_at) where failed_payout_at is not null;
-- Paid time by range (reconciliation, the per-minute report) from a BRIN index: rows are paid about in the order
-- they were written, and since PostgreSQL 16 a summarizing index does not stop an update in place.
drop index refunds_paid_idx;
create index refunds_paid_idx on refunds using brin (paid_at) with (autosummarize = on);
-- Room on each page for its rows' paid versions: a refund is paid tens of milliseconds after it was written,
-- while its page is still being filled.
alter table refunds set (fillfactor = 70);

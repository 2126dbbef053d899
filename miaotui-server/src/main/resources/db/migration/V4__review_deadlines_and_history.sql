-- Refunds waiting for the merchant carry their deadline; who decided them is kept; every step of every refund
-- lands in its history.
alter table refunds add column review_deadline timestamptz;
alter table refunds add column resolution varchar(32)
    check (resolution in ('MERCHANT_APPROVED', 'MERCHANT_REJECTED', 'APPROVED_AT_DEADLINE'));
update refunds set review_deadline = created_at + interval '48 hours' where status = 'PENDING_MERCHANT_REVIEW';
alter table refunds add constraint pending_refund_has_deadline
    check (status <> 'PENDING_MERCHANT_REVIEW' or review_deadline is not null);
create index refunds_review_due_idx on refunds (review_deadline) where status = 'PENDING_MERCHANT_REVIEW';
create index orders_shop_idx on orders (shop_id);

create table refund_events (
    event_id   bigserial    primary key,
    refund_id  char(36)     not null references refunds (refund_id),
    at         timestamptz  not null,
    event      varchar(32)  not null,
    actor      varchar(32)  not null,
    detail     varchar(500)
);
create index refund_events_refund_idx on refund_events (refund_id, event_id);

insert into refund_events (refund_id, at, event, actor, detail)
    select refund_id, created_at, 'OPENED', 'BUYER', decision_explanation from refunds order by created_at;

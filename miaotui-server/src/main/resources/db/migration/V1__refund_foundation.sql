-- Shops, paid orders and their lines, refunds and the payout outbox.
-- Money is bigint fen with a currency; the CHECKs repeat the domain's invariants so no bug can break them silently.

create table shops (
    shop_id     varchar(64)  primary key,
    name        varchar(200) not null,
    channel     varchar(16)  not null check (channel in ('TAOBAO', 'TMALL')),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null
);

create table orders (
    order_id      varchar(64) primary key,
    shop_id       varchar(64) not null references shops (shop_id),
    buyer_id      varchar(64) not null,
    paid_at       timestamptz not null,
    currency      char(3)     not null,
    -- SHA-256 of the registration body, so a replay is told from a different order under the same id.
    request_hash  char(64)    not null,
    created_at    timestamptz not null
);
create index orders_buyer_idx on orders (buyer_id);

create table order_lines (
    order_id        varchar(64) not null references orders (order_id),
    line_id         varchar(64) not null,
    sku             varchar(64) not null,
    quantity        integer     not null check (quantity > 0),
    paid_fen        bigint      not null check (paid_fen >= 0),
    refunded_fen    bigint      not null default 0 check (refunded_fen >= 0),
    -- held by open refunds (pending review or approved, not yet paid)
    reserved_fen    bigint      not null default 0 check (reserved_fen >= 0),
    open_refunds    integer     not null default 0 check (open_refunds >= 0),
    shipped_at      timestamptz,
    carrier         varchar(64),
    tracking_no     varchar(64),
    primary key (order_id, line_id),
    constraint line_never_refunds_more_than_paid check (refunded_fen + reserved_fen <= paid_fen),
    constraint line_reserves_only_for_open_refunds check (open_refunds > 0 or reserved_fen = 0),
    constraint line_shipment_complete check ((shipped_at is null) = (carrier is null) and (shipped_at is null) = (tracking_no is null))
);

create table refunds (
    refund_id                char(36)     primary key,
    idempotency_key          varchar(64)  not null,
    request_hash             char(64)     not null,
    order_id                 varchar(64)  not null,
    line_id                  varchar(64)  not null,
    buyer_id                 varchar(64)  not null,
    amount_fen               bigint       not null check (amount_fen > 0),
    currency                 char(3)      not null,
    reason                   varchar(500) not null,
    status                   varchar(32)  not null
        check (status in ('PENDING_MERCHANT_REVIEW', 'APPROVED', 'PAID', 'REJECTED')),
    decision_instant         boolean      not null,
    decision_policy          varchar(64)  not null,
    decision_policy_version  integer      not null,
    decision_explanation     text         not null,
    rejection_reason         varchar(500),
    created_at               timestamptz  not null,
    approved_at              timestamptz,
    paid_at                  timestamptz,
    gateway_reference        varchar(128),
    foreign key (order_id, line_id) references order_lines (order_id, line_id),
    constraint refunds_idempotency_key_unique unique (idempotency_key),
    constraint refund_paid_has_time check ((status = 'PAID') = (paid_at is not null))
);
create index refunds_line_idx on refunds (order_id, line_id);

-- Approved refunds waiting to be paid; written in the same transaction as the approval (transactional outbox).
create table payout_outbox (
    refund_id     char(36)    primary key references refunds (refund_id),
    available_at  timestamptz not null,
    attempts      integer     not null default 0,
    last_error    varchar(500)
);
create index payout_outbox_available_idx on payout_outbox (available_at);

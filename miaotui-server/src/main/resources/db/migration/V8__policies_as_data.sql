-- Policies are data: immutable numbered versions of a CEL expression per key, one ACTIVE and at most one
-- CANDIDATE (under gray release) per key; which key governs each channel; and every decision with the facts it
-- was made on, its rollout bucket and the other version's answer (the shadow), so drafts can be replayed.
create table policy_versions (
    policy_key      varchar(64)   not null,
    version         int           not null check (version >= 1),
    expression      text          not null,
    description     varchar(500)  not null,
    status          varchar(16)   not null check (status in ('DRAFT', 'CANDIDATE', 'ACTIVE', 'RETIRED', 'ROLLED_BACK')),
    rollout_percent int           not null default 0 check (rollout_percent between 0 and 100),
    rollout_shops   text[]        not null default '{}',
    rollout_buyers  text[]        not null default '{}',
    created_at      timestamptz   not null,
    created_by      varchar(160)  not null,
    changed_at      timestamptz   not null,
    primary key (policy_key, version)
);
create unique index policy_one_active on policy_versions (policy_key) where status = 'ACTIVE';
create unique index policy_one_candidate on policy_versions (policy_key) where status = 'CANDIDATE';

create table policy_routing (
    channel     varchar(16)  primary key,
    policy_key  varchar(64)  not null,
    changed_at  timestamptz  not null
);

-- Bumped by every policy or routing change; each instance reloads its compiled policies when it moves.
create table policy_epoch (
    id     boolean  primary key default true check (id),
    epoch  bigint   not null
);
insert into policy_epoch (epoch) values (1);

insert into policy_versions (policy_key, version, expression, description, status, created_at, created_by, changed_at) values
    ('tmall-unshipped', 1, '!line.shipped',
     'TMALL shops: unshipped lines are refunded instantly, any amount.', 'ACTIVE', now(), 'SYSTEM:seed', now()),
    ('taobao-unshipped', 1, '!line.shipped && line.paidAmount <= 50000',
     'TAOBAO shops: unshipped lines paid at most 500.00 are refunded instantly.', 'ACTIVE', now(), 'SYSTEM:seed', now()),
    ('legacy-2h-200', 1, '!line.shipped && now - order.paidAt <= duration("2h") && line.paidAmount <= 20000',
     'Any shop: unshipped lines paid at most 200.00 are refunded instantly within 2 hours of payment.', 'ACTIVE',
     now(), 'SYSTEM:seed', now());

create table policy_decisions (
    refund_id                 char(36)          primary key,
    decided_at                timestamptz       not null,
    policy_key                varchar(64)       not null,
    policy_version            int               not null,
    instant                   boolean           not null,
    rollout_bucket            smallint,
    shadow_version            int,
    shadow_instant            boolean,
    shop_id                   varchar(64)       not null,
    channel                   varchar(16)       not null,
    shop_closed               boolean           not null,
    shop_experience_score     double precision  not null,
    order_paid_at             timestamptz       not null,
    order_line_count          int               not null,
    line_paid_fen             bigint            not null,
    line_quantity             int               not null,
    line_shipped              boolean           not null,
    line_ship_by              timestamptz,
    buyer_id                  varchar(64)       not null,
    buyer_refunds_90d         int               not null,
    buyer_orders_90d          int               not null,
    buyer_instant_30d_fen     bigint            not null,
    buyer_credit_level        int               not null,
    request_amount_fen        bigint            not null,
    request_reason            varchar(500)
);
create index policy_decisions_at_idx on policy_decisions (decided_at);
create index policy_decisions_key_idx on policy_decisions (policy_key, decided_at);

-- The facts a policy may read about the buyer and the shop.
create index refunds_buyer_idx on refunds (buyer_id, created_at);
drop index orders_buyer_idx;
create index orders_buyer_idx on orders (buyer_id, paid_at);
alter table orders add column buyer_credit_level int not null default 0;
alter table shops add column experience_score double precision not null default 0
    check (experience_score between 0 and 100);

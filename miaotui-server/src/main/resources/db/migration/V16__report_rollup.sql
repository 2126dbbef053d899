-- The consumer-experience report's rollup (issue #12: a window of 1,000,000 refunds in under 3 s), written only
-- by server.report.ReportRollup's periodic job, never by the refund path. A day (UTC, by when refunds were asked
-- for) is rolled up once it is over: its report_day_cells rows are the counts the live statement would give for
-- the day's refunds in a final state; those still open are listed in report_day_open and read live. Its re-purchase flags (report_day_buyers) are those of the
-- orders registered before orders_seen_until; a later order can only turn a buyer's flag on, so until the day is
-- settled (7 days and a grace after its last payment) the report adds, live, the flags of the buyers who
-- registered an order since (orders_created_idx). The report adds the rolled days up and computes the rest of its
-- window live; the answer is the same as computing it all live.
create table report_days (
    day             date        primary key,
    refunds         bigint      not null,   -- refunds asked that day when it was rolled up (checked by the report)
    buyers_settled  boolean     not null,   -- no order registered later can change the day's re-purchase flags
    rolled_at       timestamptz not null,
    orders_seen_until timestamptz not null  -- every order registered before this was read for the flags
);

-- The same rows as ReportStore.cells over one day: per cell, one row per rounded time to money or response.
create table report_day_cells (
    day              date        not null references report_days (day) on delete cascade,
    channel          varchar(32),
    policy           varchar(64) not null,
    version          integer     not null,
    shadow_version   integer,
    response_row     boolean     not null,
    ms               bigint,
    requested        bigint      not null,
    instant          bigint      not null,
    amount           bigint      not null,
    instant_amount   bigint      not null,
    paid             bigint      not null,
    avoided          bigint      not null,
    reviewed         bigint      not null,
    at_deadline      bigint      not null,
    responses        bigint      not null
);
create index report_day_cells_day_idx on report_day_cells (day);

-- A dense number per refunded buyer, so a day's buyers pack into a few bytes each and the report can union
-- them over days in memory (distinct buyers do not add up).
create table report_buyers (
    ordinal   integer generated always as identity primary key,
    buyer_id  varchar(64) not null unique
);

-- The refunds of a rolled day that were still open when it was rolled (a review pending, a payout failed): left
-- out of its rows, read live by the report until the day is rolled again after they are final.
create table report_day_open (
    day        date     not null references report_days (day) on delete cascade,
    refund_id  char(36) not null primary key
);

-- Per rolled day and cell: its paid refunds' buyers, each a 4-byte big-endian int (ordinal << 4 | flags:
-- 1 instant refund, 2 instant and back, 4 reviewed refund, 8 reviewed and back), in ordinal order.
create table report_day_buyers (
    day             date        not null references report_days (day) on delete cascade,
    channel         varchar(32),
    policy          varchar(64) not null,
    version         integer     not null,
    shadow_version  integer,
    buyers          bytea       not null
);
create index report_day_buyers_day_idx on report_day_buyers (day);

-- The orders registered since a day was rolled up (the report's re-purchase delta for days not settled yet).
create index orders_created_idx on orders (created_at);

-- The consumer-experience report's rollup by the hour as well as by the day (issue #12: a window cut at any minute
-- over 1,000,000 refunds in under 3 s). V16 rolled whole UTC days only, so a window's partial first and last days
-- (the API's default window ends at "now") were computed live from refunds: up to two days, ~140,000 refunds,
-- ~4 s. Here a rolled-up *period* is a UTC day (hours = 24) or a UTC hour (hours = 1), keyed by its start; the
-- report reads a window's whole rolled days, then the whole rolled hours of what is left, and only the minutes at
-- each edge (and periods not rolled or whose refund count changed) live. Same rules as V16, per period: written
-- only by server.report.ReportRollup's periodic job, never by the refund path; its cell rows are those of its
-- refunds in a final state, those still open are listed in report_period_open and read live; its re-purchase flags
-- are those of the orders registered before orders_seen_until, and until the period is settled the report adds
-- live the flags of the buyers who registered an order since. The V16 day tables are moved into the period tables
-- (their rows stay valid as days) and dropped; report_buyers (the buyer numbers) and orders_created_idx stay.
create table report_periods (
    period_start      timestamptz not null,
    hours             smallint    not null check (hours in (1, 24)),
    refunds           bigint      not null,   -- refunds asked in the period when it was rolled up (checked by the report)
    buyers_settled    boolean     not null,   -- no order registered later can change the period's re-purchase flags
    rolled_at         timestamptz not null,
    orders_seen_until timestamptz not null,   -- every order registered before this was read for the flags
    primary key (period_start, hours)
);

-- The same rows as ReportStore.cells over one period: per cell, one row per rounded time to money or response.
create table report_period_cells (
    period_start     timestamptz not null,
    hours            smallint    not null,
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
    responses        bigint      not null,
    foreign key (period_start, hours) references report_periods (period_start, hours) on delete cascade
);
create index report_period_cells_period_idx on report_period_cells (period_start, hours);

-- The refunds of a rolled period that were still open when it was rolled: left out of its rows, read live by the
-- report until the period is rolled again after they are final. A refund is listed in its hour and in its day.
create table report_period_open (
    period_start timestamptz not null,
    hours        smallint    not null,
    refund_id    char(36)    not null,
    primary key (period_start, hours, refund_id),
    foreign key (period_start, hours) references report_periods (period_start, hours) on delete cascade
);

-- Per rolled period and cell: its paid refunds' buyers, each a 4-byte big-endian int (ordinal << 4 | flags:
-- 1 instant refund, 2 instant and back, 4 reviewed refund, 8 reviewed and back), in ordinal order.
create table report_period_buyers (
    period_start    timestamptz not null,
    hours           smallint    not null,
    channel         varchar(32),
    policy          varchar(64) not null,
    version         integer     not null,
    shadow_version  integer,
    buyers          bytea       not null,
    foreign key (period_start, hours) references report_periods (period_start, hours) on delete cascade
);
create index report_period_buyers_period_idx on report_period_buyers (period_start, hours);

insert into report_periods (period_start, hours, refunds, buyers_settled, rolled_at, orders_seen_until)
select day::timestamp at time zone 'UTC', 24, refunds, buyers_settled, rolled_at, orders_seen_until from report_days;
insert into report_period_cells (period_start, hours, channel, policy, version, shadow_version, response_row, ms,
    requested, instant, amount, instant_amount, paid, avoided, reviewed, at_deadline, responses)
select day::timestamp at time zone 'UTC', 24, channel, policy, version, shadow_version, response_row, ms,
    requested, instant, amount, instant_amount, paid, avoided, reviewed, at_deadline, responses from report_day_cells;
insert into report_period_open (period_start, hours, refund_id)
select day::timestamp at time zone 'UTC', 24, refund_id from report_day_open;
insert into report_period_buyers (period_start, hours, channel, policy, version, shadow_version, buyers)
select day::timestamp at time zone 'UTC', 24, channel, policy, version, shadow_version, buyers from report_day_buyers;

drop table report_day_buyers;
drop table report_day_open;
drop table report_day_cells;
drop table report_days;

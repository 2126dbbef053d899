-- One-click holiday closing (一键打烊): the platform's allowed window, and shops' closings. Closings are kept
-- (cancelled ones marked) so that deadlines and metrics can always account for closed time.
create table closing_window (
    id          integer     primary key check (id = 1),
    from_at     timestamptz not null,
    to_at       timestamptz not null,
    max_days    integer     not null check (max_days between 1 and 60),
    updated_at  timestamptz not null,
    check (from_at < to_at)
);

create table shop_closings (
    closing_id    bigserial   primary key,
    shop_id       varchar(64) not null references shops (shop_id),
    from_at       timestamptz not null,
    to_at         timestamptz not null,
    created_at    timestamptz not null,
    cancelled_at  timestamptz,
    check (from_at < to_at)
);
create index shop_closings_shop_idx on shop_closings (shop_id, to_at) where cancelled_at is null;

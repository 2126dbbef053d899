-- The double-entry escrow ledger. Entries are appended, never updated; each entry's postings sum to zero
-- (ledger_append refuses one that does not), and the order's escrow balance is kept beside the order so that a
-- CHECK can refuse to let it go negative.

alter table order_lines add column settled_fen bigint not null default 0 check (settled_fen >= 0);
alter table order_lines drop constraint line_never_refunds_more_than_paid;
alter table order_lines add constraint line_never_pays_out_more_than_paid
    check (refunded_fen + reserved_fen + settled_fen <= paid_fen);
alter table order_lines add constraint line_settles_only_when_shipped check (settled_fen = 0 or shipped_at is not null);

alter table orders add column escrow_fen bigint not null default 0;
alter table orders add constraint escrow_never_negative check (escrow_fen >= 0);

create table ledger_entries (
    entry_id    char(36)    primary key,
    kind        varchar(32) not null
        check (kind in ('PAYMENT', 'REFUND_APPROVED', 'PAYOUT_CONFIRMED', 'PAYOUT_FAILED', 'SETTLEMENT')),
    order_id    varchar(64) not null references orders (order_id),
    refund_id   char(36)    references refunds (refund_id),
    created_at  timestamptz not null
);
create unique index ledger_one_payment_per_order on ledger_entries (order_id) where kind = 'PAYMENT';
-- at most one approval, one confirmed payout, one failure per refund: a refund is paid out at most once
create unique index ledger_one_entry_per_refund_and_kind on ledger_entries (refund_id, kind) where refund_id is not null;
create index ledger_entries_order_idx on ledger_entries (order_id);

create table ledger_postings (
    entry_id    char(36)    not null references ledger_entries (entry_id),
    account     varchar(80) not null,
    amount_fen  bigint      not null check (amount_fen <> 0),
    currency    char(3)     not null,
    primary key (entry_id, account)
);
create index ledger_postings_account_idx on ledger_postings (account, entry_id);

-- Appends entries in one call (arrays, so a batch is one round trip): refuses any entry whose postings do not
-- sum to zero, and moves each order's escrow balance by what its escrow account received.
create function ledger_append(
    p_entry_ids char(36)[], p_kinds varchar[], p_order_ids varchar[], p_refund_ids char(36)[],
    p_created_at timestamptz, p_currency char(3),
    p_posting_entries char(36)[], p_accounts varchar[], p_amounts bigint[]) returns integer
language plpgsql as $$
declare
    unbalanced char(36);
begin
    select e into unbalanced from unnest(p_posting_entries, p_amounts) as p(e, a) group by e having sum(a) <> 0 limit 1;
    if unbalanced is not null then
        raise exception 'ledger entry % does not balance', unbalanced;
    end if;
    insert into ledger_entries (entry_id, kind, order_id, refund_id, created_at)
        select e, k, o, r, p_created_at from unnest(p_entry_ids, p_kinds, p_order_ids, p_refund_ids) as t(e, k, o, r);
    insert into ledger_postings (entry_id, account, amount_fen, currency)
        select e, acc, a, p_currency from unnest(p_posting_entries, p_accounts, p_amounts) as p(e, acc, a);
    update orders o set escrow_fen = o.escrow_fen + d.change
        from (select substr(acc, 8) as order_id, sum(a) as change
              from unnest(p_accounts, p_amounts) as p(acc, a) where acc like 'escrow:%' group by 1) d
        where o.order_id = d.order_id and d.change <> 0;
    return cardinality(p_entry_ids);
end
$$;

-- Databases created before the ledger get the entries their history implies, so the check holds for them too.
insert into ledger_entries (entry_id, kind, order_id, refund_id, created_at)
    select gen_random_uuid()::text, 'PAYMENT', o.order_id, null, o.created_at
    from orders o where (select sum(paid_fen) from order_lines l where l.order_id = o.order_id) > 0;
insert into ledger_postings (entry_id, account, amount_fen, currency)
    select e.entry_id, p.account, p.amount, o.currency
    from ledger_entries e join orders o on o.order_id = e.order_id
    cross join lateral (select sum(paid_fen) as total from order_lines l where l.order_id = o.order_id) t
    cross join lateral (values ('buyer:' || o.buyer_id, -t.total), ('escrow:' || o.order_id, t.total)) as p(account, amount)
    where e.kind = 'PAYMENT';
insert into ledger_entries (entry_id, kind, order_id, refund_id, created_at)
    select gen_random_uuid()::text, 'REFUND_APPROVED', r.order_id, r.refund_id, coalesce(r.approved_at, r.created_at)
    from refunds r where r.status in ('APPROVED', 'PAID');
insert into ledger_entries (entry_id, kind, order_id, refund_id, created_at)
    select gen_random_uuid()::text, 'PAYOUT_CONFIRMED', r.order_id, r.refund_id, r.paid_at
    from refunds r where r.status = 'PAID';
insert into ledger_postings (entry_id, account, amount_fen, currency)
    select e.entry_id, p.account, p.amount, r.currency
    from ledger_entries e join refunds r on r.refund_id = e.refund_id
    cross join lateral (values
        (case e.kind when 'REFUND_APPROVED' then 'escrow:' || r.order_id else 'refunds-in-flight' end, -r.amount_fen),
        (case e.kind when 'REFUND_APPROVED' then 'refunds-in-flight' else 'gateway-clearing' end, r.amount_fen)) as p(account, amount)
    where e.kind in ('REFUND_APPROVED', 'PAYOUT_CONFIRMED');
update orders o set escrow_fen = coalesce((select sum(amount_fen) from ledger_postings p
    where p.account = 'escrow:' || o.order_id), 0);

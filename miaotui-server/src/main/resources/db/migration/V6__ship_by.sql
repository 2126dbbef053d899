-- Every paid order has a ship-by deadline: its own, or a per-channel window after payment.
alter table orders add column ship_by timestamptz;
update orders set ship_by = paid_at + interval '48 hours';
alter table orders alter column ship_by set not null;
create index orders_shop_paid_idx on orders (shop_id, paid_at);

-- Indexes every write kept up and no query reads: replays and gray reports look decisions up by policy key
-- (policy_decisions_key_idx), nothing looks ledger entries up by order, and orders_shop_paid_idx
-- (shop_id, paid_at) already serves every lookup by shop.
drop index policy_decisions_at_idx;
drop index ledger_entries_order_idx;
drop index orders_shop_idx;

-- Room on each page for the new versions the refund path writes, so that an update stays on its page (HOT): no new
-- entry in any of the table's indexes and no second page dirtied. In a refund storm on V27's settings (10k lines,
-- 32 clients, 2026-12-06) 37 % of the refunds' updates, 36 % of the lines' and 40 % of the orders' went to
-- another page instead, each writing a new entry in every index (refunds 5, orders 4, lines 1):
-- - orders and lines are written full (an order's insert, the loader's COPY) and then updated at every refund
--   opened and paid on them (the escrow, the line's held and refunded money), so a page had no room for even the
--   first new version; a tenth left free holds it until the old ones are pruned;
-- - a refund is paid tens of milliseconds after it was written, while newer rows still fill its page and the
--   snapshots of the transactions in flight keep the old versions from being pruned: at 70 % a page of about 13
--   refunds had room for 5 or 6 paid versions; at 50 % a page of about 9 has room for all of theirs.
-- Pages already written keep their rows; only new pages leave this room.
alter table orders set (fillfactor = 90);
alter table order_lines set (fillfactor = 90);
alter table refunds set (fillfactor = 50);

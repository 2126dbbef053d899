-- The consumer-experience report and the live dashboard read refunds by when they were asked for and when they
-- were paid. A window of the report reads its refunds through refunds_created_idx (or, when the window holds most
-- of the table, by one sequential scan); the live dashboard's last minutes read a few rows through each index.
-- No rollup table: the report groups a million refunds in the database in well under 3 s (see BENCHMARKS.md),
-- and the refund path keeps writing only what it wrote before, plus these two index entries.
create index refunds_created_idx on refunds (created_at);
create index refunds_paid_idx on refunds (paid_at) where paid_at is not null;

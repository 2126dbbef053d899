package io.miaotui.bench.whatif;

/**
 * One chunk of synthetic stored decisions, rows {@code ?..?} of the series: a day of TAOBAO and TMALL requests
 * with paid amounts spread over 0–1,500.00, one line in ten shipped, 200,000 buyers with varied histories. The
 * stored {@code instant} is what taobao-unshipped would have said, so a replay has real changes to count.
 */
final class SeedSql {
    static final String INSERT = """
            insert into policy_decisions (refund_id, decided_at, policy_key, policy_version, instant, rollout_bucket,
                shadow_version, shadow_instant, shop_id, channel, shop_closed, shop_experience_score, order_paid_at,
                order_line_count, line_paid_fen, line_quantity, line_shipped, line_ship_by, buyer_id, buyer_refunds_90d,
                buyer_orders_90d, buyer_instant_30d_fen, buyer_credit_level, request_amount_fen, request_reason)
            select 'bench-' || lpad(g::text, 12, '0'), now() - (g % 86400) * interval '1 second', 'bench-what-if', 1,
                amount <= 50000 and not shipped, null, null, null, 'S-bench-' || (g % 500),
                case when g % 3 = 0 then 'TMALL' else 'TAOBAO' end, false, 80 + g % 20,
                now() - interval '1 day' - (g % 86400) * interval '1 second', 1 + g % 4, amount, 1 + g % 3, shipped,
                now() + interval '1 day', 'B-bench-' || (g % 200000), g % 6, g % 20, (g % 7) * 10000, g % 6, amount,
                'bench'
            from (select g, (g::bigint * 7919) % 150000 as amount, g % 10 = 0 as shipped
                  from generate_series(?::int, ?::int) g) s
            """;

    private SeedSql() {
    }
}

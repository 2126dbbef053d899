package io.miaotui.bench.report;

/**
 * One chunk of a synthetic refund history, rows {@code g} = ?..? of N, written in one statement (data-modifying
 * WITH queries, so each row's order, line, refund, decision and history step come from the same facts and the
 * foreign keys are checked at its end):
 * <ul>
 * <li>orders paid evenly over the window, one line each, 1.00–1,000.99, one line in ten shipped; 300,000 buyers,
 * each buying every ~4.2 days (N = 1M), half of them always in the same shop (so re-purchases happen) and half in
 * a different shop each time; 2,000 shops, one in three TMALL;</li>
 * <li>one refund per order, asked 0–4 h after payment (so the old 2-hour rule sees both sides), of the whole line
 * or, one in five, half of it; decided as the shipped defaults would: TMALL every unshipped line, TAOBAO
 * unshipped lines up to 500.00; during the last three days of the window TAOBAO is under a gray release
 * (version 2 for one buyer in ten, each decision carrying the other version's shadow);</li>
 * <li>instant refunds paid 0.2–2.2 s later (one in a hundred up to a minute later, one in a thousand not paid
 * yet); reviews approved by the merchant within 48 h (4 in 7), rejected (1 in 7, with the rejection's history
 * step), approved at the 48 h deadline (1 in 7), or still waiting when asked in the last 40 hours (1 in 7).</li>
 * </ul>
 * Parameters: window start (timestamptz), seconds between orders, first g, last g.
 */
final class ReportSeedSql {
    static final String SHOPS = """
            insert into shops (shop_id, name, channel, created_at, updated_at)
            select 'S-rb-' || s, 'Report bench shop ' || s, case when s % 3 = 0 then 'TMALL' else 'TAOBAO' end, now(), now()
            from generate_series(0, 1999) s
            on conflict do nothing
            """;

    static final String CHUNK = """
            with p as (
                select g, g % 300000 as b, (g % 300000 + (g / 300000) * (g % 300000 % 2)) % 2000 as shop,
                    ?::timestamptz + (g * ?::double precision) * interval '1 second' as paid_at,
                    100 + (g::bigint * 7919) % 100000 as line_fen, g % 10 = 0 as shipped
                from generate_series(?::int, ?::int) g
            ), f as (
                select p.*, shop % 3 = 0 as tmall,
                    case when g % 5 = 0 then line_fen / 2 else line_fen end as req_fen,
                    paid_at + (g % 240) * interval '1 minute' + (g % 60) * interval '1 second' as created_at,
                    not shipped and (shop % 3 = 0 or line_fen <= 50000) as instant, g % 7 as r
                from p
            ), k as (
                select f.*,
                    case when instant then 'direct'
                         when r <= 3 or (r = 6 and created_at < now() - interval '40 hours') then 'MERCHANT_APPROVED'
                         when r = 4 then 'MERCHANT_REJECTED' when r = 5 then 'APPROVED_AT_DEADLINE'
                         else 'pending' end as how,
                    case when tmall then 'tmall-unshipped' else 'taobao-unshipped' end as policy,
                    not tmall and created_at >= ?::timestamptz as gray
                from f
            ), s as (
                select k.*, 'rb-' || lpad(g::text, 33, '0') as refund_id, 'O-rb-' || g as order_id,
                    case when how = 'direct' and g % 1000 = 7 then 'APPROVED' when how = 'direct' then 'PAID'
                         when how = 'MERCHANT_REJECTED' then 'REJECTED' when how = 'pending' then 'PENDING_MERCHANT_REVIEW'
                         else 'PAID' end as status,
                    case when how = 'direct' then created_at
                         when how = 'MERCHANT_APPROVED' then created_at + (g % 2880) * interval '1 minute'
                         when how = 'APPROVED_AT_DEADLINE' then created_at + interval '48 hours' end as approved_at,
                    case when gray and g % 10 = 1 then 2 else 1 end as version,
                    case when gray and g % 10 = 1 then 1 when gray then 2 end as shadow
                from k
            ), t as (
                select s.*, case when status <> 'PAID' then null
                    when how = 'direct' then approved_at + (200 + (g * 31) % 2000
                        + case when g % 100 = 3 then g % 60000 else 0 end) * interval '1 millisecond'
                    else approved_at + (300 + g % 1000) * interval '1 millisecond' end as refund_paid_at
                from s
            ), o as (
                insert into orders (order_id, shop_id, buyer_id, paid_at, currency, request_hash, created_at, ship_by)
                select order_id, 'S-rb-' || shop, 'B-rb-' || b, paid_at, 'CNY', repeat('0', 64), paid_at,
                    paid_at + interval '2 days' from t
                returning 1
            ), l as (
                insert into order_lines (order_id, line_id, sku, quantity, paid_fen, refunded_fen, reserved_fen,
                    open_refunds, shipped_at, carrier, tracking_no)
                select order_id, 'L-1', 'sku-' || (g % 5000), 1, line_fen,
                    case when status = 'PAID' then req_fen else 0 end,
                    case when status in ('APPROVED', 'PENDING_MERCHANT_REVIEW') then req_fen else 0 end,
                    case when status in ('APPROVED', 'PENDING_MERCHANT_REVIEW') then 1 else 0 end,
                    case when shipped then paid_at + interval '1 hour' end, case when shipped then 'SF' end,
                    case when shipped then 'SF' || g end
                from t
                returning 1
            ), r as (
                insert into refunds (refund_id, idempotency_key, request_hash, order_id, line_id, buyer_id, amount_fen,
                    currency, reason, status, decision_instant, decision_policy, decision_policy_version,
                    decision_explanation, rejection_reason, created_at, approved_at, paid_at, gateway_reference,
                    review_deadline, review_window_end, resolution)
                select refund_id, 'rb-' || g, repeat('0', 64), order_id, 'L-1', 'B-rb-' || b, req_fen, 'CNY', 'bench',
                    status, instant, policy, version, 'bench', case when status = 'REJECTED' then 'bench' end,
                    created_at, approved_at, refund_paid_at, case when status = 'PAID' then 'SIM-' || g end,
                    case when not instant then created_at + interval '48 hours' end,
                    case when not instant then created_at + interval '48 hours' end,
                    case when how in ('MERCHANT_APPROVED', 'MERCHANT_REJECTED', 'APPROVED_AT_DEADLINE') then how end
                from t
                returning 1
            ), d as (
                insert into policy_decisions (refund_id, decided_at, policy_key, policy_version, instant, rollout_bucket,
                    shadow_version, shadow_instant, shop_id, channel, shop_closed, shop_experience_score, order_paid_at,
                    order_line_count, line_paid_fen, line_quantity, line_shipped, line_ship_by, buyer_id,
                    buyer_refunds_90d, buyer_orders_90d, buyer_instant_30d_fen, buyer_credit_level, request_amount_fen,
                    request_reason)
                select refund_id, created_at, policy, version, instant, case when gray then g % 100 end, shadow,
                    case when gray then instant end, 'S-rb-' || shop, case when tmall then 'TMALL' else 'TAOBAO' end,
                    false, 80, paid_at, 1, line_fen, 1, shipped, paid_at + interval '2 days', 'B-rb-' || b, g % 4,
                    1 + g % 9, 0, g % 6, req_fen, 'bench'
                from t
                returning 1
            ), e as (
                insert into refund_events (refund_id, at, event, actor, detail)
                select refund_id, created_at + (g % 600) * interval '1 minute', how, 'MERCHANT:rb@S-rb-' || shop, 'bench'
                from t where how = 'MERCHANT_REJECTED'
                returning 1
            )
            select (select count(*) from o), (select count(*) from l), (select count(*) from r), (select count(*) from d),
                (select count(*) from e)
            """;

    private ReportSeedSql() {
    }
}

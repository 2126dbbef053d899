-- A review deadline follows the shop's closings in force: each waiting refund keeps where its channel's review
-- window ends (opened + window), and its deadline is that end pushed back by the closed time of the shop's
-- closings that are not cancelled. A closing created, changed or cancelled recomputes the deadlines.
alter table refunds add column review_window_end timestamptz;

-- Waiting refunds: the window's end is the stored deadline less the closed time of the closing it was pushed back
-- by (the shop's closing in force or coming when the refund opened; pushing back adds exactly that overlap). Then
-- the deadline is derived again from today's closings (as ShopClosing.extendAcross does), so a stretch by a
-- closing cancelled since is given back and a closing set since the refund opened is counted.
do $$
declare
    r record;
    c record;
    window_end timestamptz;
    deadline timestamptz;
begin
    for r in select rf.refund_id, rf.created_at, rf.review_deadline, o.shop_id
             from refunds rf join orders o on o.order_id = rf.order_id
             where rf.status = 'PENDING_MERCHANT_REVIEW' loop
        window_end := r.review_deadline;
        for c in select from_at, to_at from shop_closings
                 where shop_id = r.shop_id and created_at <= r.created_at
                   and (cancelled_at is null or cancelled_at > r.created_at) and to_at > r.created_at
                 order by from_at limit 1 loop
            window_end := window_end - greatest(interval '0',
                    least(c.to_at, r.review_deadline) - greatest(c.from_at, r.created_at));
        end loop;
        deadline := window_end;
        for c in select from_at, to_at from shop_closings
                 where shop_id = r.shop_id and cancelled_at is null and to_at > r.created_at
                 order by from_at loop
            deadline := case when r.created_at >= c.to_at or deadline <= c.from_at then deadline
                             when r.created_at >= c.from_at then c.to_at + (deadline - r.created_at)
                             else c.to_at + (deadline - c.from_at) end;
        end loop;
        update refunds set review_window_end = window_end, review_deadline = deadline where refund_id = r.refund_id;
    end loop;
end $$;

alter table refunds add constraint pending_refund_has_review_window
    check (status <> 'PENDING_MERCHANT_REVIEW' or review_window_end is not null);
-- A merchant keeps all of their open time: closed time is added to a deadline, never taken from it.
alter table refunds add constraint closings_only_push_deadlines_back check (review_deadline >= review_window_end);

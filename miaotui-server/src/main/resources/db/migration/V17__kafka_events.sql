-- Kafka events in and out (issue #14).

-- Inbound order events applied: the event id is written in the transaction of the event's effect, so a
-- redelivered event (a restart, a rebalance, a producer's retry) finds its id taken and changes nothing.
create table inbound_events (
    event_id    varchar(200) primary key,
    type        varchar(64)  not null,
    order_id    varchar(64)  not null,
    applied_at  timestamptz  not null
);
create index inbound_events_applied_idx on inbound_events (applied_at);

-- Outbound events waiting for the broker (a transactional outbox): written by the triggers below in the
-- transaction of the change they tell about, deleted by the relay once the broker acknowledged them.
-- slot = the order id's hash in 8 slots; one relay at a time works a slot (an advisory lock), in seq order,
-- so one order's events leave in the order they were written, whichever of several instances relays them.
create table event_outbox (
    seq            bigserial    primary key,
    event_id       uuid         not null default gen_random_uuid() unique,
    slot           smallint     not null check (slot between 0 and 7),
    partition_key  varchar(200) not null,
    type           varchar(64)  not null,
    subject        varchar(200) not null,
    at             timestamptz  not null,
    data           jsonb        not null
);
create index event_outbox_slot_idx on event_outbox (slot, seq);

-- One row: when a relay was last seen. The triggers write events only while a relay ran in the last ten minutes,
-- so a deployment without Kafka (the quick start) never fills an outbox nobody empties.
create table event_relay_switch (
    only_row       boolean     primary key default true check (only_row),
    relay_seen_at  timestamptz
);
insert into event_relay_switch (only_row, relay_seen_at) values (true, null);

create function event_relay_listening() returns boolean language sql stable as $$
    select coalesce((select relay_seen_at > now() - interval '10 minutes' from event_relay_switch), false)
$$;

-- Every refund step lands in refund_events (the opening, merchant and deadline decisions, payout outcomes,
-- operator actions); one statement-level trigger turns a statement's new steps into events, keyed by order id.
-- An instant refund's opening is two events: requested, then approved. Amounts are decimal strings (CNY: 2 digits).
create function refund_events_to_outbox() returns trigger language plpgsql as $$
begin
    if not event_relay_listening() then
        return null;
    end if;
    insert into event_outbox (slot, partition_key, type, subject, at, data)
    select hashtext(r.order_id) & 7, r.order_id, t.type, 'refund/' || trim(r.refund_id), e.at,
           jsonb_build_object(
               'refundId', trim(r.refund_id), 'orderId', r.order_id, 'lineId', r.line_id, 'buyerId', r.buyer_id,
               'amount', (r.amount_fen / 100)::text || '.' || lpad((r.amount_fen % 100)::text, 2, '0'),
               'currency', r.currency, 'step', e.event, 'actor', e.actor, 'detail', e.detail,
               'at', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    from new_steps e
    join refunds r on r.refund_id = e.refund_id
    cross join lateral (
        select 1 as n, case e.event   -- the steps RefundService, RefundStore and PayoutOutbox write
                when 'OPENED' then 'RefundRequested'
                when 'MERCHANT_APPROVED' then 'RefundApproved'
                when 'REVIEW_TIMED_OUT' then 'RefundApproved'
                when 'PAYOUT_RETRIED' then 'RefundApproved'
                when 'MERCHANT_REJECTED' then 'RefundRejected'
                when 'PAID' then 'RefundPaid'
                when 'PAYOUT_FAILED' then 'RefundPayoutFailed'
                when 'REFUNDED_OFFLINE' then 'RefundClosedOffline'
                when 'CANCELLED' then 'RefundCancelled'
            end as type
        union all
        select 2, 'RefundApproved' where e.event = 'OPENED' and r.decision_instant
    ) t
    where t.type is not null
    order by e.event_id, t.n;
    return null;
end $$;

create trigger refund_events_outbox after insert on refund_events
    referencing new table as new_steps for each statement execute function refund_events_to_outbox();

-- The operator's and merchants' changes to closings and policies, from the audit log, keyed by what they change.
create function audit_log_to_outbox() returns trigger language plpgsql as $$
begin
    if not event_relay_listening() then
        return null;
    end if;
    insert into event_outbox (slot, partition_key, type, subject, at, data)
    select hashtext(a.subject) & 7, a.subject,
           case when a.action like 'POLICY%' then 'PolicyChanged' else 'ClosingChanged' end,
           a.subject, a.at,
           jsonb_build_object('action', a.action, 'actor', a.actor, 'subject', a.subject, 'detail', a.detail,
               'at', to_char(a.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    from new_entries a
    where a.action like 'POLICY%' or a.action in ('SHOP_CLOSING_SET', 'SHOP_CLOSING_CANCELLED', 'CLOSING_WINDOW_SET')
    order by a.audit_id;
    return null;
end $$;

create trigger audit_log_outbox after insert on audit_log
    referencing new table as new_entries for each statement execute function audit_log_to_outbox();

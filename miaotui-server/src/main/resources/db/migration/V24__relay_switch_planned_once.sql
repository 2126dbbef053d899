-- event_relay_listening() runs in every statement that writes refund history or the audit log (their triggers).
-- As an SQL function its query was planned again on nearly every call (11,287 plans in 15,524 calls, 0.8 s of
-- planning in a 30 s refund storm, pg_stat_statements, 2026-12-03); PL/pgSQL keeps a query's plan for the session.
create or replace function event_relay_listening() returns boolean language plpgsql stable as $$
begin
    return coalesce((select relay_seen_at > now() - interval '10 minutes' from event_relay_switch), false);
end
$$;

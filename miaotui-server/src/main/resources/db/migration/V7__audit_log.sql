-- Who changed what: every state change outside a refund's own history lands here with its actor
-- (role:subject[@shop]); refund steps keep theirs in refund_events, now with room for the same actor names.
create table audit_log (
    audit_id  bigserial     primary key,
    at        timestamptz   not null,
    actor     varchar(160)  not null,
    action    varchar(48)   not null,
    subject   varchar(160)  not null,
    detail    text
);
create index audit_log_at_idx on audit_log (at);
create index audit_log_subject_idx on audit_log (subject, audit_id);

alter table refund_events alter column actor type varchar(160);
create index refund_events_at_idx on refund_events (at);

-- A step's detail is the policy's whole explanation, a merchant's reason or the gateway's message: none has a
-- natural bound (an explanation grows with the policy's conditions), and a varchar(500) made a refund request
-- on a long-explained policy fail. History is text, like the audit log's detail.
alter table refund_events alter column detail type text;

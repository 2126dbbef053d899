-- A payout's lease has an owner: each claim writes a fresh lease id, and every later write of that claim
-- (settle, retry later, give up, put back) names it. A worker whose lease ran out and was taken over finds
-- its lease id gone and changes nothing. The attempt count alone would not do: an operator's retry starts
-- a new outbox row at attempt 0, so an old claim's attempt number can come round again.
alter table payout_outbox add column lease_id char(36);

-- An Idempotency-Key belongs to the buyer who sent it. Unique across all buyers, two buyers who chose the same
-- key collided: the second was refused with the first one's refund id, and a buyer who guessed another's key
-- format could block their requests. Now (buyer, key) is unique; another buyer's key is simply a new request.
-- Keys are kept as long as their refund row, which is never deleted.
alter table refunds drop constraint refunds_idempotency_key_unique;
alter table refunds add constraint refunds_buyer_idempotency_key_unique unique (buyer_id, idempotency_key);

-- The dispatcher's claim (InboxRepository.claimNext): walk pending rows in id order and check for an earlier pending
-- row of the same sender. Partial indexes keep both steps small however many DONE rows pile up, and keep the plan
-- fast even when statistics are stale right after a burst (measured: 1.7 s -> 0.1 ms per claim at 1,500 pending).
create index ix_inbox_claim on inbox (id) where status = 'PENDING';
create index ix_inbox_pending_order on inbox (order_key, id) where status = 'PENDING';

-- The outbox is a queue: every row is inserted, leased (locked_by/locked_until), marked dispatched and
-- later pruned. Room left on each page lets the lease update stay a heap-only (HOT) update, which
-- writes no index entries; the lease columns are in no index. Vacuum after 2 % of the rows changed
-- instead of 20 %, so the pending indexes do not fill with entries of dispatched rows under load.
ALTER TABLE "outbox" SET (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02);--> statement-breakpoint
ALTER TABLE "processed_events" SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_insert_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);

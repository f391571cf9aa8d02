-- H2 has no partial indexes; the embedded default is a single node with small volumes.
create index ix_inbox_claim on inbox (status, id);

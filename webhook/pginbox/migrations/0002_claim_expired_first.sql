-- Version 2: leases that ran out (their workers died) are claimed before
-- messages that became ready later. Claim scans this index twice per
-- source: its expired leases, then its ready messages, each in order. It
-- replaces the _claim index of version 1. Building it locks the table
-- against writes for as long as it takes: on a large table, create it
-- CONCURRENTLY by hand first (the IF NOT EXISTS then skips it).
CREATE INDEX IF NOT EXISTS {{name}}_ready ON {{table}} (source, state, available_at)
    WHERE state IN ('pending', 'leased');

DROP INDEX IF EXISTS {{qname}}_claim;

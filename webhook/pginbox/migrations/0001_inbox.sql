-- Version 1: the inbox table and its indexes.
-- A template: Migrate fills in the (validated, quoted) table name and the
-- index and constraint names derived from its unqualified name.
CREATE TABLE IF NOT EXISTS {{table}} (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    dedup_key    text        NOT NULL,
    state        text        NOT NULL DEFAULT 'pending'
                 CONSTRAINT {{name}}_state_check CHECK (state IN ('pending', 'leased', 'completed', 'dead')),
    attempts     integer     NOT NULL DEFAULT 0,
    -- pending: when the message becomes ready; leased: when the lease runs out.
    available_at timestamptz NOT NULL,
    lease_token  uuid,
    received_at  timestamptz NOT NULL,
    finished_at  timestamptz,
    last_cause   text,
    delivery_id  text        NOT NULL DEFAULT '',
    signed_at    timestamptz,
    secret_index integer     NOT NULL DEFAULT 0,
    -- The verified body and headers (credentials removed). PHI: cleared when
    -- the message completes; kept for dead letters so they can be re-queued.
    body         bytea,
    header       jsonb,
    CONSTRAINT {{name}}_source_key UNIQUE (source, dedup_key)
);

-- Claim: one range scan per source over the rows that can be claimed, in
-- the order they become ready. Completed and dead rows are not in it, so it
-- stays as small as the backlog however many rows the table keeps.
CREATE INDEX IF NOT EXISTS {{name}}_claim ON {{table}} (source, available_at)
    WHERE state IN ('pending', 'leased');

-- Purge: completed rows by age.
CREATE INDEX IF NOT EXISTS {{name}}_purge ON {{table}} (finished_at)
    WHERE state = 'completed';

-- Dead letters by source, for listing and re-queueing.
CREATE INDEX IF NOT EXISTS {{name}}_dead ON {{table}} (source, finished_at)
    WHERE state = 'dead';

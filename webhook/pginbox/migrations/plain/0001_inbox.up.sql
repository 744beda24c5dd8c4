-- +goose Up
-- Generated from migrations/0001_inbox.sql for the table labwire_webhook_inbox by
-- TestPlainMigrationsMatchTemplates (go test -run PlainMigrations -update);
-- do not edit. For another table name, call Migrate or render the template.

-- Version 1: the inbox table and its indexes.
-- A template: Migrate fills in the (validated, quoted) table name and the
-- index and constraint names derived from its unqualified name.
CREATE TABLE IF NOT EXISTS "labwire_webhook_inbox" (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source       text        NOT NULL,
    dedup_key    text        NOT NULL,
    state        text        NOT NULL DEFAULT 'pending'
                 CONSTRAINT "labwire_webhook_inbox_state_check" CHECK (state IN ('pending', 'leased', 'completed', 'dead')),
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
    CONSTRAINT "labwire_webhook_inbox_source_key" UNIQUE (source, dedup_key)
);

-- Claim: one range scan per source over the rows that can be claimed, in
-- the order they become ready. Completed and dead rows are not in it, so it
-- stays as small as the backlog however many rows the table keeps.
CREATE INDEX IF NOT EXISTS "labwire_webhook_inbox_claim" ON "labwire_webhook_inbox" (source, available_at)
    WHERE state IN ('pending', 'leased');

-- Purge: completed rows by age.
CREATE INDEX IF NOT EXISTS "labwire_webhook_inbox_purge" ON "labwire_webhook_inbox" (finished_at)
    WHERE state = 'completed';

-- Dead letters by source, for listing and re-queueing.
CREATE INDEX IF NOT EXISTS "labwire_webhook_inbox_dead" ON "labwire_webhook_inbox" (source, finished_at)
    WHERE state = 'dead';

CREATE TABLE IF NOT EXISTS "labwire_webhook_inbox_migrations" (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO "labwire_webhook_inbox_migrations" (version) VALUES (1) ON CONFLICT (version) DO NOTHING;

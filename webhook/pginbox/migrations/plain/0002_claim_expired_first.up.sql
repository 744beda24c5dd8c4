-- +goose Up
-- Generated from migrations/0002_claim_expired_first.sql for the table labwire_webhook_inbox by
-- TestPlainMigrationsMatchTemplates (go test -run PlainMigrations -update);
-- do not edit. For another table name, call Migrate or render the template.

-- Version 2: leases that ran out (their workers died) are claimed before
-- messages that became ready later. Claim scans this index twice per
-- source: its expired leases, then its ready messages, each in order. It
-- replaces the _claim index of version 1. Building it locks the table
-- against writes for as long as it takes: on a large table, create it
-- CONCURRENTLY by hand first (the IF NOT EXISTS then skips it).
CREATE INDEX IF NOT EXISTS "labwire_webhook_inbox_ready" ON "labwire_webhook_inbox" (source, state, available_at)
    WHERE state IN ('pending', 'leased');

DROP INDEX IF EXISTS "labwire_webhook_inbox_claim";

CREATE TABLE IF NOT EXISTS "labwire_webhook_inbox_migrations" (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO "labwire_webhook_inbox_migrations" (version) VALUES (2) ON CONFLICT (version) DO NOTHING;

-- +goose Up
-- Generated from migrations/0003_event_type.sql for the table labwire_webhook_inbox by
-- TestPlainMigrationsMatchTemplates (go test -run PlainMigrations -update);
-- do not edit. For another table name, call Migrate or render the template.

-- Version 3: the event type dispatch.WithEventType named for a delivery,
-- kept for operators (the admin page lists it with dead letters). NULL
-- when the handler has no WithEventType, and in the rows stored before.
-- Adding a nullable column only changes the catalog; the CHECK is added
-- NOT VALID, so it is enforced on every row written from now on without
-- scanning the table under this migration's lock (the rows before hold
-- NULL, which passes it; ALTER TABLE ... VALIDATE CONSTRAINT, which does
-- not block writes, marks it valid if you want). Dropping it first keeps
-- the migration idempotent, as the others are.
ALTER TABLE "labwire_webhook_inbox" ADD COLUMN IF NOT EXISTS event_type text;

ALTER TABLE "labwire_webhook_inbox" DROP CONSTRAINT IF EXISTS "labwire_webhook_inbox_event_type_check";

ALTER TABLE "labwire_webhook_inbox" ADD CONSTRAINT "labwire_webhook_inbox_event_type_check"
    CHECK (length(event_type) <= 64) NOT VALID;

CREATE TABLE IF NOT EXISTS "labwire_webhook_inbox_migrations" (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO "labwire_webhook_inbox_migrations" (version) VALUES (3) ON CONFLICT (version) DO NOTHING;

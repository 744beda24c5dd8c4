-- Version 3: the event type dispatch.WithEventType named for a delivery,
-- kept for operators (the admin page lists it with dead letters). NULL
-- when the handler has no WithEventType, and in the rows stored before.
-- Adding a nullable column only changes the catalog; the CHECK is added
-- NOT VALID, so it is enforced on every row written from now on without
-- scanning the table under this migration's lock (the rows before hold
-- NULL, which passes it; ALTER TABLE ... VALIDATE CONSTRAINT, which does
-- not block writes, marks it valid if you want). Dropping it first keeps
-- the migration idempotent, as the others are.
ALTER TABLE {{table}} ADD COLUMN IF NOT EXISTS event_type text;

ALTER TABLE {{table}} DROP CONSTRAINT IF EXISTS {{name}}_event_type_check;

ALTER TABLE {{table}} ADD CONSTRAINT {{name}}_event_type_check
    CHECK (length(event_type) <= 64) NOT VALID;

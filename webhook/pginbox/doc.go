// Package pginbox is a durable webhook inbox on Postgres: a dispatch.Inbox
// for receivers that run as several replicas behind a load balancer.
//
// It is its own module (github.com/labwire/labwire/webhook/pginbox, on
// github.com/jackc/pgx/v5), so users of labwire who do not want Postgres
// never download a driver.
//
//	pool, _ := pgxpool.New(ctx, os.Getenv("DATABASE_URL"))
//	inbox, _ := pginbox.New(pool)                // WithTable, WithTransactional, ...
//	if _, err := inbox.Migrate(ctx); err != nil { ... } // explicit, idempotent
//	h, _ := dispatch.NewEventHandler(verifier, process,
//		dispatch.WithInbox(inbox), dispatch.WithSource("partner"))
//	go func() { for range time.Tick(time.Hour) { inbox.Purge(ctx, 72*time.Hour) } }()
//
// # What it guarantees
//
//   - Accept: the handler answers 2xx only after one INSERT ... ON CONFLICT
//     (source, dedup_key) DO NOTHING has committed (synchronous_commit as
//     your server has it; the default is durable). A duplicate from any
//     replica is acknowledged and not queued again.
//   - Claim: workers on any replica claim with SELECT ... FOR UPDATE SKIP
//     LOCKED and a lease (dispatch.WithLease); success completes the row;
//     failure reschedules it with the handler's jittered backoff
//     (dispatch.WithRetries); after the last attempt it is dead-lettered:
//     kept with its body, listed by DeadLetters, re-queued by Requeue. A
//     lease that runs out (its worker died) is claimed again; a row claimed
//     more times than the attempts allow (every holder died with it, as a
//     delivery that crashes its receiver does) is dead-lettered with cause
//     "lease_expired" instead of being tried again. Workers wake on
//     LISTEN/NOTIFY and also poll (dispatch.WithPollInterval), so a lost
//     notification delays work but never loses it.
//   - At-least-once by default: a worker that dies after your function's
//     effects but before completing the row leaves it to be processed
//     again. Make your function idempotent, or use WithTransactional:
//     your function then runs inside the transaction that holds the claimed
//     row (TxFromContext, ProcessTx), and your writes through that pgx.Tx
//     commit together with the completion: exactly once for effects in
//     this database. Effects elsewhere (an API call) are still at least
//     once.
//   - Times (ready times, leases, retention) are the database's clock, so
//     replicas with skewed clocks agree.
//
// # Schema
//
// Migrate applies the embedded, versioned migrations (migrations/*.sql) and
// records them in <table>_migrations; it is never called implicitly. The
// table (DefaultTable, or WithTable: a validated identifier, optionally
// schema-qualified) holds one row per delivery:
//
//	id, source, dedup_key, state (pending | leased | completed | dead), attempts,
//	available_at (ready time, or lease expiry while leased), lease_token,
//	received_at, finished_at, last_cause (a dispatch.Category word),
//	delivery_id, signed_at, secret_index, body, header
//
// The index plan keeps claim and purge fast at millions of rows:
// UNIQUE (source, dedup_key) for Accept; a partial index on
// (source, available_at) WHERE state IN ('pending', 'leased') for Claim,
// which holds only the backlog however many completed rows are kept; a
// partial index on (finished_at) WHERE state = 'completed' for Purge; and
// (source, finished_at) WHERE state = 'dead' for DeadLetters. Purge deletes
// in batches of PurgeBatch.
//
// # Patient data
//
// The body of a delivery holds PHI, and so may its headers. The inbox
// stores the verified body as received and the request headers without
// Authorization, Proxy-Authorization, Cookie and the signature header (see
// dispatch.InboxMessage), until the row completes: Complete clears body and
// headers, keeping the deduplication key (a SHA-256 digest of the body, or
// what dispatch.WithDedupKey returns) until Purge removes the row. Dead
// letters keep their body until you re-queue or delete them. Protect the
// table as you protect patient data (access, encryption at rest, backups).
// The inbox never logs a body, header or key, and its errors carry the
// operation and the SQLSTATE code, never the server's message, which can
// quote row values.
//
// # Tests
//
// The tests run against a real Postgres named by LABWIRE_PGINBOX_DSN and
// skip without it. pgtest.sh starts a throwaway cluster:
//
//	eval "$(bash webhook/pginbox/pgtest.sh start /tmp/pginbox-pg)"
//	(cd webhook/pginbox && go test -race ./...)
//	bash webhook/pginbox/pgtest.sh stop /tmp/pginbox-pg
package pginbox

// Package pginbox is a durable webhook inbox on Postgres: a dispatch.Inbox
// for receivers that run as several replicas behind a load balancer.
//
// It is its own module (github.com/labwire/labwire/webhook/pginbox, on
// github.com/jackc/pgx/v5), so users of labwire who do not want Postgres
// never download a driver. It needs Postgres 13 or later.
//
//	pool, _ := pgxpool.New(ctx, os.Getenv("DATABASE_URL")) // with pool_max_conns: see Pool size
//	inbox, _ := pginbox.New(pool)                // WithTable, WithTransactional, ...
//	if _, err := inbox.Migrate(ctx); err != nil { ... } // explicit, idempotent; or apply migrations/plain
//	if err := inbox.Check(ctx); err != nil { ... }       // names the table and the SQLSTATE
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
//     LOCKED and a short lease (dispatch.DefaultLease, 10 s) that the
//     runtime renews every third of it while the ProcessFunc runs (Renew):
//     a long call keeps its claim, and a worker that died loses it within
//     one lease. (In transactional mode the claim's transaction holds the
//     row locked, so Renew asks the server whether that transaction is
//     still in progress instead of writing.) A claim commits without
//     waiting for the disk (synchronous_commit off for it alone): a server
//     crash may forget it, and the row is then claimed again; any later
//     acknowledged commit had made it durable first. Leases that ran out
//     are claimed before messages that
//     became ready later, so a crashed replica's work does not queue behind
//     everything received since. Success completes the row; failure
//     reschedules it with the handler's jittered backoff; what the
//     handler's retry rule refuses, or the last attempt, is dead-lettered:
//     kept with its body, listed by DeadLetters and List, re-queued by
//     Requeue. A row claimed more times than the attempts allow (every
//     holder died with it, as a delivery that crashes its receiver does)
//     is dead-lettered with cause "lease_expired" instead of being tried
//     again. Workers wake on LISTEN/NOTIFY and also poll
//     (dispatch.WithPollInterval), so a lost notification delays work but
//     never loses it.
//   - Complete, Fail and DeadLetter survive a dropped connection (a
//     failover, a Postgres restart): each is retried with backoff, on a new
//     connection, until the lease would run out, and a retry that finds its
//     own earlier update applied counts it as done. A claim whose answer is
//     lost is given back at once (its tokens derive from a nonce the inbox
//     keeps), so its rows do not wait out their lease.
//   - At-least-once by default: a worker that dies after your function's
//     effects but before completing the row leaves it to be processed
//     again. Make your function idempotent, or use WithTransactional:
//     your function then runs inside the transaction that holds the claimed
//     row (TxFromContext, ProcessTx), and your writes through that pgx.Tx
//     commit together with the completion: exactly once for effects in
//     this database, through SIGKILLs and Postgres restarts. A COMMIT whose
//     answer is lost is looked up: if it did not happen the row is given
//     back at once. Effects elsewhere (an API call) are still at least
//     once.
//   - Times (ready times, leases, retention) are the database's clock, so
//     replicas with skewed clocks agree.
//
// # Pool size
//
// The notification listener holds one pool connection for as long as it
// runs. In transactional mode each worker also holds one while it
// processes (its claim's transaction), so the pool needs MaxConns of at
// least the workers of every handler on the inbox plus two, and more for
// the Accepts you expect at once; NewEventHandler refuses a smaller pool
// (ReserveWorkers, ErrPoolTooSmall). pgxpool.New's default,
// max(4, runtime.NumCPU()), does not serve the default 4 transactional
// workers: set pool_max_conns in the URL (the fleet test gives each
// replica 16 for 4 workers) or pgxpool.Config.MaxConns. New refuses a pool
// of fewer than 2.
//
// # Schema and migrations
//
// Migrate applies the embedded, versioned migrations (migrations/*.sql,
// templates for the table name) and records them in <table>_migrations;
// it is never called implicitly. The table (DefaultTable, or WithTable: a
// validated identifier, optionally schema-qualified) holds one row per
// delivery:
//
//	id, source, dedup_key, state (pending | leased | completed | dead), attempts,
//	available_at (ready time, or lease expiry while leased), lease_token,
//	received_at, finished_at, last_cause (a dispatch.Category word),
//	delivery_id, signed_at, secret_index, body, header,
//	event_type (what dispatch.WithEventType named, NULL without it; version 3)
//
// With a migration tool instead, apply migrations/plain: the same
// migrations rendered for DefaultTable, one file per version, each also
// recording its version in labwire_webhook_inbox_migrations, so that
// Migrate and Check agree with the tool. The files are named for
// golang-migrate (NNNN_name.up.sql; there are no down files) and begin
// with goose's annotation:
//
//	migrate -path migrations/plain -database "$DATABASE_URL" up
//	goose -dir migrations/plain postgres "$DATABASE_URL" up
//	atlas migrate hash --dir "file://migrations/plain?format=golang-migrate"
//	atlas migrate apply --dir "file://migrations/plain?format=golang-migrate" --url "$DATABASE_URL"
//
// Copy the files into your own migrations directory from this module's
// source (go mod download -json github.com/labwire/labwire/webhook/pginbox
// prints where), and add new ones when a new SchemaVersion appears. For
// another table name, use Migrate (or render the templates the same way).
// Version 2 builds an index: on a large table, create it CONCURRENTLY by
// hand first (its comment shows how). Version 3 adds a nullable column
// and a CHECK constraint NOT VALID: neither rewrites nor scans the table.
//
// The index plan keeps claim and purge fast at millions of rows:
// UNIQUE (source, dedup_key) for Accept; a partial index on
// (source, state, available_at) WHERE state IN ('pending', 'leased') for
// Claim, which holds only the backlog however many completed rows are kept;
// a partial index on (finished_at) WHERE state = 'completed' for Purge; and
// (source, finished_at) WHERE state = 'dead' for DeadLetters, List and
// RequeueSource. Purge deletes in batches of PurgeBatch.
//
// # The admin page
//
// Inbox implements dispatch.InboxAdmin, so the admin page of package
// github.com/labwire/labwire/webhook/dispatch/inboxadmin works on it:
// per source the deliveries in each state, the retrying ones, the age of
// the oldest waiting one and the throughput, then the dead letters and the
// retrying deliveries with their event type, attempts and last failure's
// category (never a body, a header or a key), with buttons to requeue one
// dead letter or all of a source's, and a purge form. Mount it behind your
// own authentication and over TLS; here HTTP Basic authentication:
//
//	want := sha256.Sum256([]byte("operator:" + password))
//	page, err := inboxadmin.New(inbox, func(r *http.Request) bool {
//		user, pass, ok := r.BasicAuth()
//		got := sha256.Sum256([]byte(user + ":" + pass))
//		return ok && subtle.ConstantTimeCompare(got[:], want[:]) == 1
//	}, inboxadmin.WithCSRFKey(sharedKey)) // the same key on every replica
//	mux.Handle("/admin/inbox/", http.StripPrefix("/admin/inbox", page))
//
// The receiver example (examples/webhook-receiver) mounts it this way from
// ADMIN_USER and ADMIN_PASSWORD. What the page costs the database:
// Overview is one GROUP BY over the table (a sequential scan: the counts
// per state need every row; call it for an operator, not from a frequent
// probe); List reads a source's dead letters from the _dead index and its
// retrying deliveries from the _ready index, each holding only those rows;
// RequeueSource updates RequeueBatch dead letters per statement and wakes
// the workers on every replica; Purge deletes in batches of PurgeBatch.
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
//
// TestAdminPageInBrowser drives the admin page in a headless Chromium
// (github.com/chromedp/chromedp, a dependency of this module's tests only):
// it finds Debian's chromium on PATH or at LABWIRE_CHROMIUM, and fails,
// rather than skipping, when the database is set and Chromium is not
// (.ci/run installs it; apt-get install -y chromium).
//
// TestFleet runs three receiver processes on a cluster of its own, with
// 32 senders, 30 % duplicates, 5 % of first attempts failing, a receiver
// SIGKILLed and Postgres restarted mid-run, and checks every delivery was
// processed exactly once; it prints acknowledgements per second, latency
// and drain times. It sends 3,000 deliveries by default; the full run:
//
//	LABWIRE_PGINBOX_FLEET=20000 go test -race -run '^TestFleet$' -v .
//
// For figures leave -race out, and add LABWIRE_PGINBOX_FLEET_RATE=1000 to
// pace the senders to 1,000 sends a second instead of saturating the
// machine.
package pginbox

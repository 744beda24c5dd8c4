// Package dispatch hands verified webhook deliveries to your code: as
// net/http middleware, on a worker pool, or through a durable inbox, with
// deduplication and retries that never repeat a write whose outcome is
// unknown. It takes a *webhook.Verifier (package
// github.com/labwire/labwire/webhook verifies and signs); the Postgres inbox
// github.com/labwire/labwire/webhook/pginbox implements its Inbox.
//
// # Middleware and modes
//
// NewHandler wraps an http.Handler. NewEventHandler hands each verified
// delivery to a ProcessFunc, in one of three modes:
//
//   - asynchronous (the default): queued in memory for a worker pool and
//     answered at once. A failure the RetryRule allows is retried with
//     jittered exponential backoff (WithRetries); the wait is scheduled and
//     holds no worker. The others, and the last attempt's, go with their
//     error to the function given with WithDeadLetter. A crash loses what
//     is queued.
//   - WithSync: the ProcessFunc runs before the answer. A failure the
//     RetryRule allows answers 500 so the sender redelivers; one it refuses
//     goes to WithDeadLetter and is answered 2xx, so the sender stops
//     redelivering what cannot succeed. Fits a sender whose time budget
//     covers the processing; keep WithProcessTimeout inside it. Each
//     sender's package documents its budget (1 s for some, 10 s for others).
//   - WithInbox: the delivery is stored durably in an Inbox before the 2xx;
//     workers on any replica claim it with a short lease that they renew
//     while they work, complete it, reschedule it with backoff on a
//     retryable failure, and dead-letter it otherwise. A crash after
//     acknowledging loses nothing, and a dead worker's claim is taken over
//     within one lease (DefaultLease). MemoryInbox has the same contract in
//     memory (tests, development); the nested module
//     github.com/labwire/labwire/webhook/pginbox is the Postgres one.
//
// # Retries never repeat a write
//
// A retry re-runs the whole ProcessFunc, and with it every write it makes.
// So a failure is retried only when the RetryRule allows it; the default,
// DefaultRetryRule, refuses:
//
//   - a write whose outcome is unknown (an error matching
//     ErrOutcomeUnknown, which the labwire clients return for a POST or
//     PATCH that failed after it may have reached the server): retrying it
//     could book a second blood draw or submit results twice;
//   - a panic, whose writes before it may have happened;
//   - Permanent errors, and client errors a retry cannot fix (ErrValidation,
//     400, 401 after a token refresh, 403, a response over the cap).
//
// Those go to the dead-letter path, category "outcome_unknown", "panic",
// "permanent", "validation", ...: WithDeadLetter's function in every mode,
// and in inbox mode the inbox's dead letters too. For "outcome_unknown",
// look the resource up (by your own reference) before writing again, then
// re-queue or re-run the event. A ProcessFunc that checks what exists
// before every write is safe to retry whatever happened: give it a rule
// that says so (WithRetryRule). Everything else, such as a 429, a 5xx on a
// read, a resource not found yet or a database error, is retried.
//
// Every mode reads the body once (capped, 413 beyond), answers refusals with
// a bare 400, 401, 413 or 415 that never says why, and logs the reason
// (never a secret, signature, header value or body) to an optional
// *slog.Logger. Failures of the ProcessFunc are logged with their Category
// and event type (WithEventType), never the error text or the body.
// Shutdown drains and, when its context ends first, reports how many events
// it could not finish (*ShutdownError); WaitIdle waits for the work in hand
// without shutting down. See Handler for the full sequence and the
// recommended http.Server settings.
//
// # Replays and duplicates
//
// A timestamp window alone allows replays inside the window, and a body-only
// HMAC allows them for ever. Deduplication keys come from the delivery (see
// webhook.Delivery.Key): a replay carrying only one of several signatures, or the same
// body re-signed after a secret rotation, has the same key. Give the
// middleware a Deduper (WithDeduper): it claims each delivery's key after
// verification, acknowledges duplicates with 2xx without handing them on, and
// releases the key when the delivery fails for good so the sender's retry is
// processed. In sync mode and with NewHandler, a duplicate of a delivery
// still being processed (a sender's retry after its own timeout) waits for
// the original and gets its outcome, so a copy is never acknowledged while
// the original may still fail. MemoryDeduper serves a single process; a fleet of receivers
// shares one store, for example Redis with SET NX PX (see Deduper), or uses
// an Inbox, which deduplicates durably. When the sender's payload carries an
// event id, use WithDedupKey so a retry with a fresh timestamp is also
// recognised.
package dispatch

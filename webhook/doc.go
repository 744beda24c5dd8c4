// Package webhook verifies incoming webhook deliveries, whoever sends them.
// It knows signature schemes, not senders: a sender's package picks a scheme
// and the header it travels in.
//
// # Schemes
//
//   - NewTimestampedHMAC: a header "t=<unix seconds>,v1=<hex>", where v1 is
//     HMAC-SHA256 over t + "." + raw body. The timestamp must be within a
//     tolerance of the clock (default 5 minutes, both directions). Parsing
//     is strict; see NewTimestampedHMAC for the exact grammar.
//   - NewBodyHMAC: a header carrying the lowercase hex HMAC-SHA256 of the raw
//     body. Nothing time-bound is signed, so replay protection rests entirely
//     on deduplication.
//   - NewBasicAuth: HTTP Basic credentials, compared in constant time. The
//     body is not authenticated.
//   - NewVerifier: any Scheme you implement, for senders whose scheme is
//     none of the above or not published.
//
// Secrets are used as their raw bytes: a "whsec_" or similar prefix is part
// of the key and nothing is base64-decoded. Every constructor takes several
// secrets so a receiver can accept the new and the old one during a rotation;
// an empty secret is an error, and there is no option that skips
// verification. All comparisons are constant-time.
//
// # Verifying
//
// A *Verifier checks the raw bytes of a delivery and returns a Delivery (the
// signed timestamp; which secret matched; a custom scheme's own id) or an
// error wrapping one of the exported sentinels (ErrMissingSignature,
// ErrMalformedHeader, ErrNoValidSignature, ErrTimestampTooOld, ...). Verify
// the bytes exactly as received, before any parsing: decoding and re-encoding
// JSON changes them. Verification with the built-in HMAC schemes passes over
// the body once and allocates nothing in steady state: keyed HMAC states are
// pooled per secret and reset between uses. Delivery.Key derives the
// deduplication key; it hashes the body a second time, so it is computed
// only by a receiver that deduplicates (the middleware does so when given a
// Deduper or an Inbox).
//
// # Middleware and modes
//
// NewHandler wraps an http.Handler. NewEventHandler hands each verified
// delivery to a ProcessFunc, in one of three modes:
//
//   - asynchronous (the default): queued in memory for a worker pool and
//     answered at once; a failing event is retried in-process with jittered
//     exponential backoff (WithRetries: attempts and waits) and then handed,
//     with its error, to the function given with WithDeadLetter. A crash
//     loses what is queued.
//   - WithSync: the ProcessFunc runs before the answer; its failure answers
//     500 so the sender redelivers. Fits a sender whose time budget covers
//     the processing; keep WithProcessTimeout inside it. Each sender's
//     package documents its budget (1 s for some, 10 s for others).
//   - WithInbox: the delivery is stored durably in an Inbox before the 2xx;
//     workers on any replica claim it with a lease, complete it, reschedule
//     it with backoff on failure, and dead-letter it after the last attempt.
//     A crash after acknowledging loses nothing. MemoryInbox has the same
//     contract in memory (tests, development); the nested module
//     github.com/labwire/labwire/webhook/pginbox is the Postgres one.
//
// Every mode reads the body once (capped, 413 beyond), answers refusals with
// a bare 400, 401, 413 or 415 that never says why, and logs the reason
// (never a secret, signature, header value or body) to an optional
// *slog.Logger. Failures of the ProcessFunc are logged with their Category
// and event type (WithEventType), never the error text or the body. Wrap an
// error retrying cannot fix with Permanent. Shutdown drains and, when its
// context ends first, reports how many events it could not finish
// (*ShutdownError); WaitIdle waits for the work in hand without shutting
// down. See Handler for the full sequence and the recommended http.Server
// settings.
//
// # Replays and duplicates
//
// A timestamp window alone allows replays inside the window, and a body-only
// HMAC allows them for ever. Deduplication keys come from the delivery (see
// Delivery.Key): a replay carrying only one of several signatures, or the
// same body re-signed after a secret rotation, has the same key. Give the
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
//
// # Testing
//
// SignTimestamped, SignBody and BasicAuthHeader produce the header values
// senders send, for your tests and fakes.
package webhook

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
// deduplication key, derived from the delivery and not from which signature
// matched; the signed timestamp; which secret matched) or an error
// wrapping one of the exported sentinels (ErrMissingSignature,
// ErrMalformedHeader, ErrNoValidSignature, ErrTimestampTooOld, ...). Verify
// the bytes exactly as received, before any parsing: decoding and re-encoding
// JSON changes them. Verification with the built-in HMAC schemes allocates
// only the key string in steady state: keyed HMAC states are pooled per
// secret and reset between uses.
//
// # Middleware
//
// NewHandler wraps an http.Handler; NewAsyncHandler queues verified
// deliveries for a worker pool and answers at once, for senders that count a
// slow answer as a failure. Both read the body once (capped, 413 beyond),
// answer refusals with a bare 400, 401, 413 or 415 that never says why, and
// log the reason (never a secret, signature, header value or body) to an
// optional *slog.Logger. See Handler for the full sequence and the
// recommended http.Server settings.
//
// # Replays and duplicates
//
// A timestamp window alone allows replays inside the window, and a body-only
// HMAC allows them for ever. Give the middleware a Deduper (WithDeduper): it
// claims each delivery's key after verification, acknowledges duplicates
// with 2xx without handing them on, and releases the key when your handler
// fails so the sender's retry is processed. MemoryDeduper serves a single
// process; a fleet of receivers shares one store, for example Redis with
// SET NX PX (see Deduper). When the sender's payload carries an event id,
// use WithDedupKey so a retry with a fresh signature is also recognised.
//
// # Testing
//
// SignTimestamped, SignBody and BasicAuthHeader produce the header values
// senders send, for your tests and fakes.
package webhook

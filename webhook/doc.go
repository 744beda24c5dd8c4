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
// # Receiving
//
// This package verifies and signs. Handing verified deliveries to your code
// (net/http middleware, a worker pool, retries, deduplication, a durable
// inbox) is package github.com/labwire/labwire/webhook/dispatch, which takes
// a *Verifier from here.
//
// # Testing
//
// SignTimestamped, SignBody and BasicAuthHeader produce the header values
// senders send, for your tests and fakes.
package webhook

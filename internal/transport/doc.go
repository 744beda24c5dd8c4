// Package transport is the one HTTP stack every labwire vendor client uses. It knows no
// vendor: a vendor package fills a Settings, calls New, and sends each operation as a
// Request through Client.Do.
//
// # Layers
//
// Outermost first:
//
//   - Client.Do builds the URL from a route template (each path value escaped as one
//     segment; empty and dot-segment values refused), encodes the body once to []byte so
//     every attempt sends identical bytes, and sets User-Agent, Accept, Content-Type and,
//     when asked, an idempotency key that stays the same on every attempt.
//   - A go-retryablehttp client, configured per call: no logger, our CheckRetry and
//     Backoff, and an ErrorHandler that keeps the last answer so it becomes a typed error.
//   - An http.Client that follows redirects only within the base URL's origin (a
//     cross-origin redirect is returned as the answer, so credentials and bodies never
//     leave the vendor's host).
//   - The attempt RoundTripper: user middleware (tracing), then the attempt's deadline
//     (AttemptTimeout, body included, unless the caller's deadline comes first; each
//     same-origin redirect hop gets its own), credentials from the request's Auth (Bearer
//     from an oauth2.TokenSource, a static Bearer key, or HTTP Basic), one replay per call
//     with a fresh token after a 401, and, for writes, a trace hook that records whether
//     the request was written or its TLS handshake failed.
//   - The base RoundTripper: the caller's (WithHTTPClient in vendor packages), or a clone of
//     http.DefaultTransport with TLS 1.2 minimum, HTTP/2 kept, and dial, TLS-handshake and
//     response-header timeouts.
//
// # Retries
//
// GET, HEAD, OPTIONS, PUT and DELETE, and writes marked Idempotent, are retried on
// connection failures, attempt timeouts, an answer whose body breaks off (bodies are read
// inside the retry loop), and on 429, 500, 502, 503 and 504. A POST or PATCH
// is retried only when the server answered 429 or the request provably never left (dial or
// TLS-handshake failure, nothing written); any other failure of a write returns an error
// matching ErrOutcomeUnknown, so a retry never duplicates a lab order or a result. Waits
// are capped exponential with jitter. A Retry-After (seconds or HTTP date) is honoured up
// to RetryWaitMax: the wait is the longer of it and the backoff, so a zero, past, malformed
// or repeated Retry-After falls back to the backoff. A longer one, or one that would
// outlive the context's deadline, fails at once with an error matching ErrRateLimited
// instead of sleeping; a plain backoff that would outlive the deadline returns the last
// answer at once. The context bounds the whole call; cancelling it during a wait returns
// at once with the attempt count and the last status.
//
// # Errors
//
// A non-2xx answer is an *APIError; a call without a usable answer is a *RequestError; an
// argument refused before sending is a *ValidationError naming the field. All match the
// category sentinels (ErrNotFound, ErrRateLimited, ...) with errors.Is. Error strings hold
// vendor, method, route template, status, request id and attempt count, never bodies,
// vendor messages or codes, URLs, query strings, headers or tokens: those may carry
// patient data or secrets. Vendor packages re-export these types and sentinels.
//
// # Logging
//
// Nothing is logged unless Settings.Logger is set; then each attempt (Debug), each retry
// (Info) and each failure (Warn) is one record of metadata: vendor, operation, method,
// route template, attempt, status, duration, wait, request id and an error category.
package transport

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
//   - An http.Client that follows redirects of reads only (GET, HEAD, OPTIONS; at most 5
//     hops) and only within the base URL's origin, with the credentials; a cross-origin
//     redirect is returned as the answer, so credentials and bodies never leave the
//     vendor's host. A write (POST, PUT, PATCH, DELETE or any other method) is never
//     redirected, whatever the status (301, 302, 303, 307, 308): net/http would resend it,
//     or turn it into a GET whose 200 would pass for the write's result. The 3xx is
//     returned as an *APIError ("redirect not followed"), matching ErrOutcomeUnknown for a
//     POST or PATCH (a 303 in particular usually means the server acted).
//   - The attempt RoundTripper: user middleware (tracing), then the attempt's deadline
//     (AttemptTimeout, body included, unless the caller's deadline comes first; each
//     same-origin redirect hop gets its own; from 1s up, one watchdog timer per client
//     ends attempts within 1/64 of the timeout after it, see watchdog.go), credentials from the request's Auth (Bearer
//     from an oauth2.TokenSource, a static Bearer key, or HTTP Basic), one replay per call
//     with a fresh token after a 401, and, for writes, a trace hook that records whether
//     the request was written or its TLS handshake failed.
//   - The base RoundTripper: the caller's (WithHTTPClient in vendor packages), or a clone of
//     http.DefaultTransport with TLS 1.2 minimum, HTTP/2 kept, dial, TLS-handshake and
//     response-header timeouts, answer headers capped at 1 MiB (net/http allows 10 MB; an
//     answer over it fails and is not retried), and DefaultMaxIdleConnsPerHost (100) idle connections per
//     host, chosen from a measurement at 64 concurrent calls (see its doc). The request
//     handed to it never lets net/http resend a write on its own: over HTTP/1 net/http
//     replays a request carrying an Idempotency-Key or X-Idempotency-Key header whose
//     reused keep-alive connection died after it was written, and over HTTP/2 it resends
//     any request with a GetBody, or without a body, after a REFUSED_STREAM, a GOAWAY or a
//     peer's PROTOCOL_ERROR reset (thousands of times a minute against a hostile server).
//     So a write (any method but GET, HEAD, OPTIONS, TRACE) goes down without GetBody, a
//     bodyless one with an empty body net/http cannot rewind (over HTTP/1 a bodyless POST,
//     PUT or PATCH is therefore sent chunked), and the retry policy decides, and counts,
//     every resend; a stream the HTTP/2 server refused unprocessed is such a retry.
//
// # Retries
//
// GET, HEAD, OPTIONS, PUT and DELETE, and writes marked Idempotent, are retried on
// connection failures, attempt timeouts, an answer whose body breaks off (bodies are read
// inside the retry loop), and on 429, 500, 502, 503 and 504. A POST or PATCH
// is retried only when the server answered 429 or the request provably never left (dial or
// TLS-handshake failure, nothing written) or the HTTP/2 server refused it unprocessed
// (REFUSED_STREAM, or a GOAWAY that excludes it); any other failure of a write returns an error
// matching ErrOutcomeUnknown, so a retry never duplicates a lab order or a result. Waits
// are capped exponential with jitter. A Retry-After (seconds or HTTP date) is honoured up
// to RetryWaitMax: the wait is the longer of it and the backoff, so a zero, past, malformed
// or repeated Retry-After falls back to the backoff. A longer one (including delta-seconds
// of 2^32 and beyond, too large for any integer: they are a wait, not absent), or one that would
// outlive the context's deadline, fails at once with an error matching ErrRateLimited
// instead of sleeping; a plain backoff that would outlive the deadline returns the last
// answer at once. The context bounds the whole call; cancelling it during a wait returns
// at once with the attempt count and the last status.
//
// # Credentials and tokens
//
// A request carries the credentials of its Auth: BearerAuth (a fixed key), BasicAuth (base64
// of the raw "user:password", nothing escaped) or TokenAuth (a Bearer token from an
// oauth2.TokenSource, cached in a CachedTokenSource: concurrent callers share one fetch, a
// token is refreshed a minute before it expires, and a 401 invalidates it and replays a
// replayable request once).
//
// Tokens come from one fetcher for every vendor, TokenFetcher, described by a TokenEndpoint:
// its URL (a route under the base URL, or an absolute https URL), the body encoding
// (FormBody as RFC 6749 says, or JSONBody), where the client credentials go (InBody, or
// BasicRaw: HTTP Basic of the raw id:secret, which x/oauth2's header style would URL-escape)
// and extra parameters such as a scope. Settings.ClientCredentials gives the cached
// client-credentials source; TokenFetcher.ExchangeCode exchanges an authorization code,
// with a PKCE verifier (NewVerifier, S256Challenge, on x/oauth2's helpers) and with or
// without a client secret; TokenFetcher.RefreshTokenSource renews a token with its refresh
// token, keeping the old refresh token when the server sends none.
//
// Token requests go through this same stack, with the same User-Agent, base RoundTripper
// (TLS settings, timeouts), retry settings, middleware and logger, and three differences:
// each attempt is bounded by DefaultTokenTimeout, no redirect is ever followed (the request
// carries the secret) and the answer is capped at 1 MiB. A client-credentials or refresh
// fetch is retried like a read (5xx, 429 with its Retry-After, resets, timeouts), so a blip
// at the token endpoint does not fail the call that needed the token; a code exchange is
// retried only when the code cannot have been used (429, connection never opened), since a
// code is single-use. The call itself is then not retried for want of a token.
//
// A token failure keeps its category: a 5xx matches ErrServer, a 429 ErrRateLimited, a
// connection failure or timeout is a *RequestError (context.DeadlineExceeded for a timeout);
// only a 400 or 401 from the token endpoint, or an OAuth invalid_client, invalid_grant or
// unauthorized_client error, matches ErrUnauthorized, so code that rotates credentials on
// ErrUnauthorized does not fire during an outage. Nothing the token endpoint sends but its
// status, request id, Retry-After and an RFC 6749 error code is kept: not its body, error
// description, headers or another code, since an endpoint can echo the secret there. The
// error of a token source you supply is summarised the same way, and its cause is not kept
// in the unwrap chain. expires_in is read as a number or a numeric string; a value too large
// for a time.Duration is clamped to a year, and zero, negative or absent means the token is
// kept until a 401.
//
// # Answers
//
// A body is read inside the retry loop and capped: a 2xx answer at MaxResponseBytes (over
// it, an error matching ErrResponseTooLarge; an announced Content-Length over the cap is
// refused without reading, and an unannounced one costs about the cap in memory, never a
// multiple of it), an error answer at 64 KiB (cut, never an error). A 2xx answer is decoded
// strictly (package jsonx): invalid UTF-8 or an escaped lone surrogate, a duplicate key or
// keys that differ only in case (which encoding/json would silently merge, so a typed field
// could disagree with the raw JSON), nesting deeper than 64 and trailing data are refused,
// as are a 204, an empty or blank body and a bare null where the call returns a value. All
// of these match ErrInvalidResponse (and never ErrOutcomeUnknown: the server answered 2xx)
// and are not retried; a call that returns nothing accepts 204 and an empty body. A vendor
// result type passed as jsonx.Into keeps its raw JSON, and that of its nested values,
// pointing into the one body read: no second decode, no copy.
//
// # Streaming an answer
//
// A Request with Decode set has its 2xx body handed to Decode as a stream capped at
// MaxResponseBytes instead of being buffered and decoded into out (Ovation's pages of 5,000
// items). Retries happen before the stream; once Decode has started the call is never
// retried, since what it consumed would be handed over twice. Reading past the cap fails
// with ErrResponseTooLarge, whatever Decode returns. See Request.Decode.
//
// The other way round, a Request with Stream set sends a body read from a stream (a large
// document upload) with memory flat in its size; it is sent once: never retried, not
// replayed after a 401, and never resent by net/http. With StreamRewindable (content that
// can be re-read) it is opened again for each retry, and retried as any call of its method:
// for a POST, after a 429 or a connection refused before anything was sent (upload.go).
//
// # The escape hatch
//
// Client.DoRaw sends a RawRequest (method, route template, path values, query, JSON body)
// through the same stack, for routes a vendor package has not wrapped; vendor packages
// alias RawRequest and expose it as their Client.Do. For every request the method must be
// an RFC 9110 token (it is sent upper-cased) and the route a path template with no query,
// fragment, space or control character; otherwise a *ValidationError names Method or Route
// and nothing is sent. Query values and path values never reach an error or a log record.
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
// Every string a server supplies that can reach an error text, a fmt verb (%v, %+v, %#v)
// or a log record is bounded and reduced to a safe charset first (SafeToken): the request id
// to MaxRequestIDLen (128) bytes of letters, digits and - _ . : / + = @ ~, so a 256 KiB
// header with CR/LF, U+2028 or U+202E in it cannot forge log lines or bloat errors (the
// Header field keeps it as sent). A Response prints and logs its metadata only.
//
// The whole unwrap chain is as clean as Error(), because error reporters walk it: the cause
// of a *RequestError is rebuilt from the kind of failure, never kept as net/http, crypto/tls,
// encoding/json or time returned it (those quote the server's bytes, the URL with its query,
// or the server's certificate), and a context's cause chosen by the caller is not kept
// (context.Cause(ctx) still has it). What stays reachable with errors.Is and errors.As:
// context.Canceled and context.DeadlineExceeded; os.ErrDeadlineExceeded for a timeout (a
// net.Error whose Timeout is true); io.EOF and io.ErrUnexpectedEOF; net.ErrClosed; a
// syscall.Errno (ECONNRESET, ECONNREFUSED, ...); a *net.OpError with only its Op and Net;
// a *net.DNSError with only its flags; x509.UnknownAuthorityError and
// x509.CertificateInvalidError without certificates; *TooLargeError.
//
// Request.Response (WithResponse) is cleared when a call starts, so a call that gets no
// answer never shows the previous call's.
//
// # Logging
//
// Nothing is logged unless Settings.Logger is set; then each attempt (Debug), each retry
// (Info) and each failure (Warn) is one record of metadata: vendor, operation, method,
// route template, attempt, status, duration, wait, request id and an error category.
package transport

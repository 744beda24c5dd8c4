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

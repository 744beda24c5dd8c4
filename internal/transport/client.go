package transport

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"runtime"

	"github.com/hashicorp/go-retryablehttp"
)

// Version is the labwire release, sent in the User-Agent.
const Version = "0.1.0"

// Client is the shared HTTP stack of one vendor client. It is immutable after New and safe
// for concurrent use.
type Client struct {
	s         Settings
	base      *BaseURL
	hc        *http.Client
	userAgent string
	uaHeader  []string  // []string{userAgent}, shared read-only by every request
	timeout   error     // the cause of an attempt's deadline
	watch     *watchdog // ends attempts of an AttemptTimeout of watchdogMin or more

	// sharesHeader: no middleware and no cookie jar write the retry loop's header map
	// between attempts, so an attempt may hand it to the base transport (withCredentials).
	sharesHeader bool
}

// New validates s, fills in defaults and builds the stack:
//
//	caller ctx → Client.Do (body as []byte, User-Agent, idempotency)
//	  → retryablehttp.Client (our CheckRetry, Backoff, no logger, last answer kept)
//	    → http.Client (same-origin redirects only)
//	      → attemptTransport (middleware, per-attempt deadline, credentials, 401 replay,
//	        attempt logging)
//	        → base RoundTripper (caller's, or hardened http.Transport)
func New(s Settings) (*Client, error) {
	cfg, err := s.withDefaults()
	if err != nil {
		return nil, err
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, errors.New(cfg.Vendor + ": " + err.Error())
	}
	c := &Client{s: cfg, base: base, timeout: &attemptTimeoutError{cfg.AttemptTimeout}}
	if cfg.AttemptTimeout >= watchdogMin {
		c.watch = newWatchdog(cfg.AttemptTimeout, c.timeout)
	}
	// No http.Client.Timeout: the attempt transport sets the per-attempt deadline itself,
	// which costs a few allocations instead of the fifteen net/http spends on a Timeout
	// over a RoundTripper it does not know.
	c.hc = &http.Client{
		Transport:     &attemptTransport{c: c, base: cfg.baseTransport()},
		CheckRedirect: sameOriginRedirects,
	}
	if cfg.HTTPClient != nil && cfg.HTTPClient.Jar != nil {
		c.hc.Jar = cfg.HTTPClient.Jar
	}
	c.sharesHeader = len(cfg.Middleware) == 0 && c.hc.Jar == nil
	c.userAgent = "labwire/" + Version + " (" + cfg.Vendor + ") go/" + runtime.Version()
	if cfg.AppInfo != "" {
		c.userAgent += " " + cfg.AppInfo
	}
	c.uaHeader = []string{c.userAgent}
	return c, nil
}

// BaseURL returns the parsed base URL.
func (c *Client) BaseURL() *BaseURL { return c.base }

// Vendor returns the vendor name the client reports in errors and logs.
func (c *Client) Vendor() string { return c.s.Vendor }

// UserAgent returns the User-Agent header the client sends.
func (c *Client) UserAgent() string { return c.userAgent }

// Do sends r and decodes a 2xx JSON answer into out (nil discards it). A non-2xx answer is an
// *APIError; a call without a usable answer is a *RequestError. Both match the category
// sentinels with errors.Is. The context bounds the whole call, retries and waits included.
// r.Method must be an HTTP method token (it is sent upper-cased) and r.Route a path template
// without query (see RawRequest); otherwise Do returns a *ValidationError naming the field
// before anything is sent.
func (c *Client) Do(ctx context.Context, r *Request, out any) (*Response, error) {
	if r.Response != nil {
		// A call that gets no answer must not leave the previous call's answer in dst.
		*r.Response = Response{}
	}
	if ctx == nil {
		return nil, errors.New(c.s.Vendor + ": nil context")
	}
	if m, ok := normalizeMethod(r.Method); !ok {
		return nil, &ValidationError{Vendor: c.s.Vendor, Field: "Method", Reason: "must be an HTTP method token"}
	} else if m != r.Method {
		rr := *r // Do never modifies r
		rr.Method = m
		r = &rr
	}
	if r.Decode != nil && out != nil {
		return nil, &ValidationError{Vendor: c.s.Vendor, Field: "out", Reason: "must be nil when Request.Decode streams the answer"}
	}
	if err := c.CheckRoute(r.Route); err != nil {
		return nil, err
	}
	cl := &call{Context: ctx, c: c, req: r, auth: r.Auth, maxRetries: c.s.MaxRetries}
	if err := c.base.requestURL(&cl.url, r.Route, r.Params, r.Query); err != nil {
		return nil, &ValidationError{Vendor: c.s.Vendor, Field: "path", Reason: err.Error()}
	}
	body, contentType, err := r.encodeBody()
	if err != nil {
		return nil, &ValidationError{Vendor: c.s.Vendor, Field: "body", Reason: err.Error()}
	}
	if cl.auth == nil {
		cl.auth = c.s.Auth
	}
	switch {
	case r.MaxRetries == NoRetries:
		cl.maxRetries = 0
	case r.MaxRetries > 0:
		cl.maxRetries = r.MaxRetries
	}
	if r.Stream != nil && !r.StreamRewindable {
		cl.maxRetries = 0 // a streamed body is sent once (upload.go)
	}
	cl.idempotent = r.Idempotent || r.IdempotencyKey != "" || isIdempotentMethod(r.Method)

	ctx = cl
	if !cl.idempotent {
		// Only a write that may not be repeated needs to know whether it left.
		cl.trace = traceFor(cl)
		ctx = httptrace.WithClientTrace(cl, &cl.trace)
	}
	req, err := cl.newRequest(ctx, body)
	if err != nil {
		return nil, &ValidationError{Vendor: c.s.Vendor, Field: "request", Reason: "cannot build the request"}
	}
	for k, vs := range r.Header {
		req.Header[k] = vs
	}
	// Shared, never-modified value slices (cap 1, so an Add elsewhere copies): no
	// allocation per call for the fixed headers.
	req.Header["User-Agent"] = c.uaHeader
	if _, ok := r.Header["Accept"]; !ok {
		req.Header["Accept"] = headerJSON // a caller's Accept (JSON:API) is kept
	}
	switch contentType {
	case "":
	case "application/json":
		req.Header["Content-Type"] = headerJSON
	default:
		req.Header.Set("Content-Type", contentType)
	}
	if r.IdempotencyKey != "" {
		h := r.IdempotencyHeader
		if h == "" {
			h = "Idempotency-Key"
		}
		req.Header.Set(h, r.IdempotencyKey)
	}

	cl.rc = retryablehttp.Client{
		HTTPClient:   c.hc,
		RetryWaitMin: c.s.RetryWaitMin,
		RetryWaitMax: c.s.RetryWaitMax,
		RetryMax:     cl.maxRetries,
		CheckRetry:   retryCheck,
		Backoff:      plannedWait,
		ErrorHandler: keepLastAnswer,
	}
	if c.hc.Jar != nil {
		// http.Client adds the jar's cookies to the request on every attempt.
		cl.cookie = req.Header["Cookie"]
		cl.rc.PrepareRetry = cl.forgetJarCookies
	}
	if r.Stream != nil {
		if err := cl.openStream(req.Request); err != nil {
			return nil, &ValidationError{Vendor: c.s.Vendor, Field: "Stream", Reason: "opening the body failed"}
		}
		if r.StreamRewindable && cl.maxRetries > 0 {
			cl.rc.PrepareRetry = cl.rewindStream(cl.rc.PrepareRetry) // upload.go
		}
	}
	resp, err := cl.rc.Do(req)
	if err != nil {
		return nil, c.requestError(ctx, cl, err)
	}
	return c.finish(ctx, cl, resp, out)
}

// newRequest builds the call's retryablehttp request on its URL, in the call itself: what
// retryablehttp.NewRequestWithContext does, without printing the URL and parsing it back.
// The header map is the call's own until the first attempt hands it to the base transport
// (see attemptTransport.withCredentials).
func (cl *call) newRequest(ctx context.Context, body []byte) (*retryablehttp.Request, error) {
	hr, err := http.NewRequestWithContext(ctx, cl.req.Method, "", nil)
	if err != nil {
		return nil, err
	}
	*hr.URL = cl.url
	hr.Host = cl.url.Host
	cl.rreq = retryablehttp.Request{Request: hr}
	var rb any
	if body != nil {
		rb = body
	}
	if err := cl.rreq.SetBody(rb); err != nil {
		return nil, err
	}
	cl.rreq.SetResponseHandler(cl.readBody)
	cl.ownHeader = true
	return &cl.rreq, nil
}

// forgetJarCookies gives the next attempt a header map of its own holding the caller's
// Cookie header, without the cookies http.Client added from the jar for the last attempt
// (it adds them again): a retry sends each cookie once.
func (cl *call) forgetJarCookies(req *http.Request) error {
	h := maps.Clone(req.Header)
	if cl.cookie == nil {
		delete(h, "Cookie")
	} else {
		h["Cookie"] = cl.cookie
	}
	req.Header = h
	return nil
}

// requestID is the vendor's request id from h, bounded and sanitised (SafeToken): it is
// printed in errors and logs, and a server may put anything there.
func (c *Client) requestID(h http.Header) string {
	return SafeToken(h.Get(c.s.RequestIDHeader), MaxRequestIDLen)
}

// headerJSON is the shared value of Accept and Content-Type for JSON.
var headerJSON = []string{"application/json"}[:1:1]

// keepLastAnswer is the retryablehttp.ErrorHandler: hand back the last answer (its body still
// open) or the last error, so Do can build a typed error with status and request id.
func keepLastAnswer(resp *http.Response, err error, _ int) (*http.Response, error) {
	if resp != nil {
		return resp, nil
	}
	return nil, err
}

// finish reads the capped body of the final answer and turns it into a result or an APIError.
// An error answer's body is only kept up to maxErrorBody: a long one is cut, not an error, so
// the caller still gets the status.
func (c *Client) finish(ctx context.Context, cl *call, resp *http.Response, out any) (*Response, error) {
	if !cl.bodyRead {
		// The retry loop ended on this answer before reading it (retries exhausted).
		_ = cl.readBody(resp)
	}
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	data, err := cl.body, cl.bodyErr
	meta := &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		RequestID:  c.requestID(resp.Header),
		Attempts:   cl.attempts,
		Body:       data,
	}
	if cl.req.Response != nil {
		*cl.req.Response = *meta
	}
	if err != nil {
		return meta, c.requestError(ctx, cl, err)
	}
	if !ok {
		return meta, c.apiError(ctx, cl, resp, data)
	}
	return meta, c.decodeAnswer(ctx, cl, resp.StatusCode, data, out) // decode.go
}

func (c *Client) apiError(ctx context.Context, cl *call, resp *http.Response, data []byte) *APIError {
	e := &APIError{
		Vendor:         c.s.Vendor,
		Method:         cl.req.Method,
		Route:          cl.req.Route,
		StatusCode:     resp.StatusCode,
		RequestID:      c.requestID(resp.Header),
		Attempts:       cl.attempts,
		Header:         resp.Header,
		rateLimited:    cl.rateLimited,
		outcomeUnknown: cl.outcomeUnknown,
	}
	if len(data) > maxErrorBody {
		data = data[:maxErrorBody]
	}
	e.Body = data
	if ra, ok := retryAfterOf(resp.Header, c.s.now()); ok {
		e.RetryAfter = ra
	}
	dec := c.s.ErrorDecoder
	if dec == nil {
		dec = decodeErrorBody
	}
	code, msg := dec(data)
	if codePattern.MatchString(code) {
		e.Code = code
	}
	e.Message = msg
	c.logFailure(ctx, cl, e)
	return e
}

// requestError wraps a failure without a usable answer. Its cause is rebuilt clean
// (sanitizeCause): no URL, query, server text or context cause anywhere in its chain.
func (c *Client) requestError(ctx context.Context, cl *call, err error) *RequestError {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ctxErr := ctx.Err(); ctxErr != nil && !isContextErr(err) {
		// The caller's context ended the call. Its context.Cause is the caller's own value:
		// not kept (the caller has it), only the Canceled or DeadlineExceeded it stands for.
		err = ctxErr
	}
	e := &RequestError{
		Vendor:         c.s.Vendor,
		Method:         cl.req.Method,
		Route:          cl.req.Route,
		Attempts:       cl.attempts,
		LastStatus:     cl.lastStatus,
		Err:            sanitizeCause(err),
		outcomeUnknown: cl.outcomeUnknown || (!cl.idempotent && cl.wroteEver),
	}
	var tf *tokenFailure
	if errors.As(err, &tf) {
		e.category = tf.category // ErrUnauthorized for rejected credentials only; see tokenError
	}
	var tl *TooLargeError
	if errors.As(err, &tl) {
		e.category = ErrResponseTooLarge
	}
	if e.Attempts == 0 {
		e.Attempts = 1
	}
	c.logFailure(ctx, cl, e)
	return e
}

// decodeErrorBody is the generic vendor error reader: it looks for a code under "code" or
// "error" (when a string) and a message under "message", "error_description" or "detail".
func decodeErrorBody(body []byte) (code, message string) {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return "", ""
	}
	str := func(keys ...string) string {
		for _, k := range keys {
			var s string
			if raw, ok := m[k]; ok && json.Unmarshal(raw, &s) == nil && s != "" {
				return s
			}
		}
		return ""
	}
	return str("code", "error", "error_code"), str("message", "error_description", "detail", "error_message")
}

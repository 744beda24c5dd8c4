package transport

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// The logger sees metadata only: vendor, operation, method, route template, attempt,
// status, duration, wait, request id and an error category. Never URLs, query strings,
// concrete ids, headers or bodies.

func (c *Client) logAttempt(ctx context.Context, cl *call, resp *http.Response, err error, d time.Duration) {
	l := c.s.Logger
	if l == nil || !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	attrs := []slog.Attr{
		slog.String("vendor", c.s.Vendor),
		slog.String("op", cl.req.Op),
		slog.String("method", cl.req.Method),
		slog.String("route", cl.req.Route),
		slog.Int("attempt", cl.attempts+1),
		slog.Duration("duration", d),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := c.requestID(resp.Header); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", errorClass(err)))
	}
	l.LogAttrs(ctx, slog.LevelDebug, "labwire attempt", attrs...)
}

func (c *Client) logRetry(ctx context.Context, cl *call, wait time.Duration) {
	l := c.s.Logger
	if l == nil {
		return
	}
	l.LogAttrs(ctx, slog.LevelInfo, "labwire retry",
		slog.String("vendor", c.s.Vendor),
		slog.String("op", cl.req.Op),
		slog.String("method", cl.req.Method),
		slog.String("route", cl.req.Route),
		slog.Int("attempt", cl.attempts),
		slog.Int("status", cl.lastStatus),
		slog.Duration("wait", wait),
	)
}

func (c *Client) logFailure(ctx context.Context, cl *call, err error) {
	l := c.s.Logger
	if l == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("vendor", c.s.Vendor),
		slog.String("op", cl.req.Op),
		slog.String("method", cl.req.Method),
		slog.String("route", cl.req.Route),
		slog.Int("attempts", cl.attempts),
		slog.String("error", errorClass(err)),
	}
	var ae *APIError
	if errors.As(err, &ae) {
		attrs = append(attrs, slog.Int("status", ae.StatusCode))
		if ae.RequestID != "" {
			attrs = append(attrs, slog.String("request_id", ae.RequestID))
		}
	}
	l.LogAttrs(ctx, slog.LevelWarn, "labwire call failed", attrs...)
}

// errorClass names the category of err in a word, for logs. A failure to obtain a token is
// "token", or "token_" and its category ("token_server" for an outage of the token
// endpoint, "token_unauthorized" for rejected credentials), so that the log tells a token
// endpoint's 5xx from the API's.
func errorClass(err error) string {
	var tf *tokenFailure
	if errors.As(err, &tf) {
		if c := sentinelClass(err); c != "" {
			return "token_" + c
		}
		return "token"
	}
	if c := sentinelClass(err); c != "" {
		return c
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return "http_status"
	}
	return "transport"
}

// sentinelClass names the first category sentinel err matches, or "".
func sentinelClass(err error) string {
	for _, k := range []struct {
		target error
		name   string
	}{
		{ErrOutcomeUnknown, "outcome_unknown"},
		{ErrRateLimited, "rate_limited"},
		{ErrUnauthorized, "unauthorized"},
		{ErrForbidden, "forbidden"},
		{ErrNotFound, "not_found"},
		{ErrConflict, "conflict"},
		{ErrValidation, "validation"},
		{ErrBadRequest, "bad_request"},
		{ErrServer, "server"},
		{ErrResponseTooLarge, "response_too_large"},
		{ErrInvalidResponse, "invalid_response"},
		{context.Canceled, "canceled"},
		{context.DeadlineExceeded, "deadline_exceeded"},
	} {
		if errors.Is(err, k.target) {
			return k.name
		}
	}
	return ""
}

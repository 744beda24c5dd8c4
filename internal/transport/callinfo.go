package transport

import "context"

// CallInfo describes the call an attempt belongs to, for middleware (see
// WithMiddleware): what a span or a metric may carry. Every field is a fixed
// name chosen by the package: the route is the template, never the URL, so
// nothing in it is an id or patient data.
type CallInfo struct {
	Vendor    string // "whoop", "workpath", ...
	Operation string // the operation's name, e.g. "requisitions.get"
	Method    string // the HTTP method
	Route     string // the route template, e.g. "/v2/partner/requisition/{id}"
	Attempt   int    // 1 on the first attempt, counting up on each retry
}

// CallInfoFromContext returns the call of the attempt whose request context
// is ctx, inside a middleware; ok is false for any other context.
func CallInfoFromContext(ctx context.Context) (info CallInfo, ok bool) {
	cl := callFrom(ctx)
	if cl == nil || cl.req == nil {
		return CallInfo{}, false
	}
	return CallInfo{Vendor: cl.c.s.Vendor, Operation: cl.req.Op, Method: cl.req.Method, Route: cl.req.Route, Attempt: cl.attempts + 1}, true
}

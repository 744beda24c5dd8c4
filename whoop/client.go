package whoop

import (
	"context"

	"github.com/labwire/labwire/internal/transport"
)

const vendor = "whoop"

type (
	// Middleware wraps every attempt of every request, for tracing or metrics: it gets the
	// request (without credentials) and next, must call next at most once and must not read
	// the body. See WithMiddleware.
	Middleware = transport.Middleware
	// CallInfo is what a Middleware may know of the call an attempt belongs to: Vendor,
	// Operation (such as "requisitions.get"), Method, Route (the template, never the URL: no
	// ids) and Attempt (1, 2, ...). See CallInfoFromContext.
	//
	// Fields of transport.CallInfo (go generate writes this list from its source):
	//
	//   - Vendor string: "whoop", "workpath", ...
	//   - Operation string: the operation's name, e.g. "requisitions.get"
	//   - Method string: the HTTP method
	//   - Route string: the route template, e.g. "/v2/partner/requisition/{id}"
	//   - Attempt int: 1 on the first attempt, counting up on each retry
	CallInfo = transport.CallInfo
	// RequestOption changes one call: WithHeader, WithResponse.
	RequestOption = transport.RequestOption
	// Response is what WithResponse and Client.Do report of the final answer: StatusCode,
	// Header, RequestID (WHOOP's request id, for support), Attempts (retries included) and
	// Body (the raw body, capped; it may hold PHI). It prints its metadata only.
	//
	// Fields of transport.Response (go generate writes this list from its source):
	//
	//   - StatusCode int: StatusCode is the HTTP status.
	//   - Header http.Header: Header is the response header.
	//   - RequestID string: RequestID is the vendor's request id, when sent, bounded to
	//     MaxRequestIDLen bytes of a safe charset (SafeToken); Header holds it as sent.
	//   - Attempts int: Attempts is how many attempts the call made.
	//   - Body []byte: Body is the raw response body; it may hold PHI.
	//
	// Methods:
	//
	//   - GoString() string: GoString keeps %#v as safe as String.
	//   - LogValue() slog.Value: LogValue logs the metadata only: status, attempts, request id and
	//     body length.
	//   - String() string: String describes the answer without its header values or body, which may
	//     hold PHI or secrets: "200 OK, 2 attempts, request-id abc, 512 body bytes".
	Response = transport.Response
	// RawRequest is a call of Client.Do. Its fields: Method ("GET", "patch", ...;
	// upper-cased), Route (a template under the base URL such as
	// "/v2/partner/service-request/{id}": no ids or query in it), Params (the values of its
	// placeholders, in order, each escaped as one path segment), Query (never logged or put
	// in errors) and Body (sent as JSON; []byte and json.RawMessage as they are).
	//
	// Fields of transport.RawRequest (go generate writes this list from its source):
	//
	//   - Method string: Method is the HTTP method.
	//   - Route string: Route is the route template under the base URL, e.g.
	//     "/v2/partner/service-request/{id}".
	//   - Params []string: Params fill Route's "{name}" placeholders in order, each escaped as one
	//     path segment; an empty, "." or ".." value is refused.
	//   - Query url.Values: Query is appended to the URL.
	//   - Body any: Body, when not nil, is sent as JSON ([]byte and json.RawMessage are sent as they
	//     are, as JSON).
	RawRequest = transport.RawRequest
)

// WithHeader sets an extra header on one call.
func WithHeader(key, value string) RequestOption { return transport.WithHeader(key, value) }

// WithResponse stores the final answer's metadata and raw body in dst, also on error.
func WithResponse(dst *Response) RequestOption { return transport.WithResponse(dst) }

// Client calls the WHOOP partner API. Create it with NewClient; it is immutable and safe for
// concurrent use, and all its calls share one token.
type Client struct {
	tc *transport.Client

	// Requisitions reads lab requisitions and sets the status of all their service requests.
	Requisitions *RequisitionsService
	// ServiceRequests reads service requests, moves them through the workflow and submits
	// their results.
	ServiceRequests *ServiceRequestsService
	// Development creates test data on non-production deployments.
	Development *DevelopmentService
}

// NewClient returns a client configured by opts. Credentials are required: one of
// WithClientCredentials, WithBearerToken or WithTokenSource. Every error is a
// *ValidationError matching ErrValidation whose Field names the option.
func NewClient(opts ...Option) (*Client, error) {
	required := []transport.Slot{{Name: transport.DefaultSlot, Options: credentialOptions}}
	all := append([]Option{withErrorDecoder}, opts...)
	tc, _, err := transport.NewFromOptions(vendor, DefaultBaseURL, required, all...)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc}
	c.Requisitions = &RequisitionsService{c: c}
	c.ServiceRequests = &ServiceRequestsService{c: c}
	c.Development = &DevelopmentService{c: c}
	return c, nil
}

// Do calls a route this package does not wrap yet, through the same credentials, retries,
// caps and logging as every method. r names the method, the route template (such as
// "/v2/partner/service-request/{id}", under the base URL, /developer included), the
// values that fill its placeholders (each escaped as one path segment), the query and a
// body sent as JSON. A 2xx JSON answer is decoded into out (if not nil). The method is
// upper-cased; a bad method or route is a *ValidationError and nothing is sent. Errors and
// logs show the route template, never the path values or the query. A POST or PATCH is
// never retried once it may have reached WHOOP.
func (c *Client) Do(ctx context.Context, r *RawRequest, out any, opts ...RequestOption) (*Response, error) {
	return c.tc.DoRaw(ctx, r, out, opts...)
}

func (c *Client) send(ctx context.Context, r transport.Request, opts []RequestOption, out any) error {
	_, err := c.tc.Do(ctx, r.Apply(opts), out)
	return err
}

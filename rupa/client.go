package rupa

import (
	"context"

	"github.com/labwire/labwire/internal/transport"
)

const vendor = "rupa"

type (
	// Middleware wraps every attempt of every request; see WithMiddleware.
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
	// Response is the metadata of an answer: StatusCode, Header, RequestID, Attempts, and the
	// raw Body (which may hold patient data).
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
)

// WithHeader sets an extra header on one call.
func WithHeader(key, value string) RequestOption { return transport.WithHeader(key, value) }

// WithResponse stores the final answer's metadata and raw body in dst, also on error.
func WithResponse(dst *Response) RequestOption { return transport.WithResponse(dst) }

// Client calls Rupa's API as one practitioner: Rupa's API acts on behalf of the practitioner
// whose OAuth2 token it carries. Make one Client per connected practitioner (clients share
// connections, so this is cheap), each with that practitioner's AuthCodeFlow.TokenSource. A Client
// is immutable and safe for concurrent use.
type Client struct {
	tc *transport.Client

	// OrderIntents creates order intents (carts the practitioner checks out at Rupa).
	OrderIntents *OrderIntentsService
	// Patients lists the patients of the practitioner's clinic.
	Patients *PatientsService
}

// NewClient returns a client configured by opts. A credential option is required:
// WithTokenSource (usually AuthCodeFlow.TokenSource) or WithBearerToken.
func NewClient(opts ...Option) (*Client, error) {
	all := append([]Option{rupaErrors()}, opts...)
	tc, _, err := transport.NewFromOptions(vendor, ProductionBaseURL,
		[]transport.Slot{{Name: transport.DefaultSlot, Options: credentialOptions}}, all...)
	if err != nil {
		return nil, err
	}
	c := &Client{tc: tc}
	c.OrderIntents = &OrderIntentsService{c: c}
	c.Patients = &PatientsService{c: c}
	return c, nil
}

// RawRequest is a call to a route this package does not wrap yet: Method, Route (a template
// such as "/orders/{id}", what errors and logs show), Params (its placeholders), Query and
// Body (sent as JSON).
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
type RawRequest = transport.RawRequest

// Do calls a route this package does not wrap yet, through the same credentials, retries,
// caps and logging, and decodes a 2xx JSON answer into out (if not nil). A POST or PATCH is
// never retried once it may have reached Rupa. For Rupa's JSON:API routes add
// WithHeader("Accept", "application/vnd.api+json").
func (c *Client) Do(ctx context.Context, r *RawRequest, out any, opts ...RequestOption) (*Response, error) {
	return c.tc.DoRaw(ctx, r, out, opts...)
}

func (c *Client) send(ctx context.Context, r transport.Request, opts []RequestOption, out any) error {
	_, err := c.tc.Do(ctx, r.Apply(opts), out)
	return err
}

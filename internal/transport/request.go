package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/phi"
)

// Request describes one logical call. Vendor methods build it; Client.Do sends it, with
// retries, through the shared stack. Do never modifies it.
type Request struct {
	// Op names the operation in logs, e.g. "requisitions.get".
	Op string
	// Method is the HTTP method.
	Method string
	// Route is the route template, e.g. "/v2/partner/requisition/{id}"; it is what errors and
	// logs show.
	Route string
	// Params fill the route's placeholders in order; see BaseURL.URL.
	Params []string
	// Query is appended to the URL. Never put patient data in it: URLs reach proxies and logs.
	Query url.Values

	// At most one body: JSON is marshalled (through phi.Plain, so that a type that
	// marshals redacted for logs is sent in full), Form is url-encoded, Multipart is encoded once,
	// Body is sent as is with ContentType. The bytes are built once, so every attempt sends
	// identical bytes. Stream instead sends a body read from a stream, once: the call is
	// then never retried, unless StreamRewindable (see upload.go for the rules).
	JSON        any
	Form        url.Values
	Multipart   *Multipart
	Body        []byte
	Stream      func() (io.Reader, error)
	ContentType string
	// StreamRewindable says Stream may be called again for another attempt, each call
	// returning the same whole body from its start (the content can be re-read: a file, a
	// bytes.Reader): the call is then retried as any call of its method, where nothing was
	// processed (a 429, a connection refused before anything was sent). See upload.go.
	StreamRewindable bool

	// Header holds extra request headers.
	Header http.Header
	// Auth overrides the client's default credentials for this request.
	Auth Auth
	// Idempotent marks a POST or PATCH that is safe to retry after an ambiguous failure
	// (the vendor honours its idempotency key, or the operation is idempotent by nature).
	// GET, HEAD, OPTIONS, PUT and DELETE are idempotent already.
	Idempotent bool
	// IdempotencyKey, when set, is sent in the IdempotencyHeader on every attempt and makes the
	// request Idempotent. Only set it for vendors that honour it.
	IdempotencyKey    string
	IdempotencyHeader string
	// MaxRetries overrides the client's retry count for this call when non-zero (NoRetries
	// disables retries).
	MaxRetries int
	// Response, when set, receives the metadata of the final answer (also on error). It is
	// cleared when the call starts.
	Response *Response
	// Decode, when set, consumes a 2xx body as a stream instead of Do buffering and decoding
	// it into out (which must then be nil): r is capped at MaxResponseBytes, and once Decode
	// has started the call is never retried. See stream.go for the rules.
	Decode func(r io.Reader) error
	// HasID, when set, is asked once a 2xx answer was decoded into out whether the resource
	// it holds carries its id. Every vendor call that returns one resource with an id sets
	// it: an answer without one ({}, or an object of other members) is no resource, and the
	// call fails with ErrInvalidResponse instead of returning an empty one (decode.go).
	HasID func() bool
}

// Multipart is a multipart/form-data body built in memory.
type Multipart struct {
	// Fields are sent first, in order.
	Fields []MultipartField
	// Files are sent after the fields, in order.
	Files []MultipartFile
}

// MultipartField is one text field of a multipart body.
type MultipartField struct{ Name, Value string }

// MultipartFile is one file part of a multipart body.
type MultipartFile struct {
	// Field is the form field name.
	Field string
	// Filename is sent in the Content-Disposition.
	Filename string
	// ContentType defaults to application/octet-stream.
	ContentType string
	// Data is the file content.
	Data []byte
}

// Response is the metadata of an answer, and its body bytes (capped).
type Response struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Header is the response header.
	Header http.Header
	// RequestID is the vendor's request id, when sent, bounded to MaxRequestIDLen bytes of a
	// safe charset (SafeToken); Header holds it as sent.
	RequestID string
	// Attempts is how many attempts the call made.
	Attempts int
	// Body is the raw response body; it may hold PHI. It is nil when the body was streamed
	// to Request.Decode.
	Body []byte
}

// String describes the answer without its header values or body, which may hold PHI or
// secrets: "200 OK, 2 attempts, request-id abc, 512 body bytes". %v, %+v and %s print it.
func (r Response) String() string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(r.StatusCode))
	if t := http.StatusText(r.StatusCode); t != "" {
		b.WriteByte(' ')
		b.WriteString(t)
	}
	b.WriteString(", ")
	b.WriteString(strconv.Itoa(r.Attempts))
	b.WriteString(" attempts")
	if r.RequestID != "" {
		b.WriteString(", request-id ")
		b.WriteString(r.RequestID)
	}
	b.WriteString(", ")
	b.WriteString(strconv.Itoa(len(r.Body)))
	b.WriteString(" body bytes")
	return b.String()
}

// GoString keeps %#v as safe as String.
func (r Response) GoString() string { return "&transport.Response{" + r.String() + "}" }

// LogValue logs the metadata only: status, attempts, request id and body length.
func (r Response) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("status", r.StatusCode),
		slog.Int("attempts", r.Attempts),
		slog.String("request_id", r.RequestID),
		slog.Int("body_bytes", len(r.Body)),
	)
}

// RequestOption changes one call; vendor methods take them as a trailing variadic argument.
type RequestOption func(*Request)

// WithHeader sets a header on the call. The Authorization header is always set by the
// client's credentials and cannot be replaced this way.
func WithHeader(key, value string) RequestOption {
	return func(r *Request) {
		if r.Header == nil {
			r.Header = make(http.Header)
		}
		r.Header.Set(key, value)
	}
}

// WithMaxRetries overrides the retry count for one call; NoRetries disables retries.
func WithMaxRetries(n int) RequestOption {
	return func(r *Request) { r.MaxRetries = n }
}

// WithResponse stores the final answer's metadata and raw body in dst, also when the call
// fails with an answer.
func WithResponse(dst *Response) RequestOption {
	return func(r *Request) { r.Response = dst }
}

// Apply returns a copy of r with opts applied; r is not modified.
func (r Request) Apply(opts []RequestOption) *Request {
	if len(opts) == 0 {
		return &r
	}
	if r.Header != nil {
		r.Header = r.Header.Clone()
	}
	for _, o := range opts {
		if o != nil {
			o(&r)
		}
	}
	return &r
}

// encodeBody returns the body bytes and content type of r.
func (r *Request) encodeBody() ([]byte, string, error) {
	n := 0
	for _, set := range []bool{r.JSON != nil, r.Form != nil, r.Multipart != nil, r.Body != nil, r.Stream != nil} {
		if set {
			n++
		}
	}
	if n > 1 {
		return nil, "", errors.New("request has more than one body")
	}
	switch {
	case r.JSON != nil:
		// Plain: the types that marshal redacted for logs are sent in full.
		v, err := phi.Plain(r.JSON)
		if err != nil {
			return nil, "", errors.New("encoding the request body as JSON failed")
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, "", errors.New("encoding the request body as JSON failed")
		}
		return b, "application/json", nil
	case r.Form != nil:
		return []byte(r.Form.Encode()), "application/x-www-form-urlencoded", nil
	case r.Multipart != nil:
		return r.Multipart.encode()
	case r.Body != nil, r.Stream != nil:
		ct := r.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		return r.Body, ct, nil
	}
	return nil, "", nil
}

var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "", "\n", "")

func (m *Multipart) encode() ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, f := range m.Fields {
		if err := w.WriteField(f.Name, f.Value); err != nil {
			return nil, "", errors.New("encoding a multipart field failed")
		}
	}
	for _, f := range m.Files {
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", `form-data; name="`+quoteEscaper.Replace(f.Field)+
			`"; filename="`+quoteEscaper.Replace(f.Filename)+`"`)
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.Set("Content-Type", ct)
		p, err := w.CreatePart(h)
		if err != nil {
			return nil, "", errors.New("encoding a multipart file failed")
		}
		if _, err := p.Write(f.Data); err != nil {
			return nil, "", errors.New("encoding a multipart file failed")
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", errors.New("encoding the multipart body failed")
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func isIdempotentMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

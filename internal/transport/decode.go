package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labwire/labwire/internal/jsonx"
)

// ErrInvalidResponse matches a 2xx answer the call cannot use: no JSON value where the call
// returns one (a 204, an empty or blank body, or a bare null), or JSON that is malformed or
// fails the strict checks (invalid UTF-8 or an escaped lone surrogate, a duplicate key or
// keys that differ only in case, nesting deeper than 64, trailing data), or a value that
// does not fit its Go field, or, for a call that returns one resource with an id
// (Request.HasID), an answer whose resource has no id. The server did answer 2xx, so a write it acknowledged is not
// ErrOutcomeUnknown; only the answer is unusable. Such an answer is not retried.
var ErrInvalidResponse = errors.New("invalid response")

// invalidAnswer is the clean cause of an unusable 2xx answer: our own text, and a chain
// that holds only ErrInvalidResponse (and ErrResponseTooLarge where it applies).
func invalidAnswer(msg string) error {
	return &cleanCause{msg: msg, chain: []error{ErrInvalidResponse}}
}

// decodeAnswer decodes the 2xx answer of cl into out, strictly: see ErrInvalidResponse.
// out may be a jsonx.Target (jsonx.Into), which decodes itself and binds the raw JSON of
// the values it holds to data, or any value encoding/json decodes into. With out nil the
// answer is not looked at, so a call that returns nothing accepts 204 and an empty body.
func (c *Client) decodeAnswer(ctx context.Context, cl *call, status int, data []byte, out any) error {
	if out == nil {
		return nil
	}
	err := decodeInto(status, data, out)
	if err == nil && cl.req.HasID != nil && !cl.req.HasID() {
		err = errNoID
	}
	if err != nil {
		// The server answered 2xx: a write it acknowledged happened, so the outcome is
		// known, only the answer is unusable.
		cl.outcomeUnknown, cl.wroteEver = false, false
		return c.requestError(ctx, cl, err)
	}
	return nil
}

// errNoID is the cause of a 2xx answer to a call returning one resource with an id
// (Request.HasID) whose resource has none: {} or an object of other members, which
// would otherwise be returned as an empty resource.
var errNoID = invalidAnswer("the answer holds no id where the call returns a resource with one")

func decodeInto(status int, data []byte, out any) error {
	if status == http.StatusNoContent {
		return invalidAnswer("the answer is 204 No Content where the call returns a JSON value")
	}
	v := bytes.TrimLeft(data, " \t\r\n")
	v = bytes.TrimRight(v, " \t\r\n")
	switch {
	case len(v) == 0:
		return invalidAnswer("the answer has no body where the call returns a JSON value")
	case string(v) == "null":
		return invalidAnswer("the answer is null where the call returns a JSON value")
	}
	var err error
	if t, ok := out.(jsonx.Target); ok {
		err = t.DecodeJSON(data)
	} else {
		err = jsonx.Unmarshal(data, out)
	}
	if err != nil {
		return decodeError(err)
	}
	return nil
}

// decodeError describes a decoding failure of a 2xx answer by its kind, offset or field,
// never by the body's content, in an error matching ErrInvalidResponse. jsonx errors are
// already free of content; an encoding/json error (from a streamed Decode) is reduced to
// the same form.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var fe *jsonx.FieldError
	var jsyn *jsonx.SyntaxError
	field := func(f string) string {
		if f == "" {
			return "(top level)"
		}
		return f
	}
	const prefix = "decoding the response: "
	switch {
	case errors.As(err, &fe):
		return invalidAnswer(prefix + "field " + field(fe.Field) + ": " + fe.Reason)
	case errors.As(err, &jsyn):
		return invalidAnswer(prefix + "invalid JSON at byte " + strconv.FormatInt(jsyn.Offset, 10))
	case errors.Is(err, jsonx.ErrTrailingData):
		return invalidAnswer(prefix + "invalid JSON: more data after the value")
	case errors.Is(err, jsonx.ErrInvalidUTF8):
		return invalidAnswer(prefix + "invalid JSON: invalid UTF-8")
	case errors.Is(err, jsonx.ErrDuplicateKey):
		return invalidAnswer(prefix + "invalid JSON: a duplicate or case-variant key")
	case errors.Is(err, jsonx.ErrTooDeep):
		return invalidAnswer(prefix + "invalid JSON: nested deeper than " + strconv.Itoa(jsonx.MaxDepth))
	case errors.Is(err, jsonx.ErrSyntax):
		return invalidAnswer(prefix + "invalid JSON")
	case errors.As(err, &syn):
		return invalidAnswer(prefix + "invalid JSON at byte " + strconv.FormatInt(syn.Offset, 10))
	case errors.As(err, &typ):
		// Value is the JSON kind, but for numbers it may carry the number itself
		// ("number 1e400"): keep the kind only.
		kind, _, _ := strings.Cut(typ.Value, " ")
		return invalidAnswer(prefix + "field " + field(typ.Field) + ": JSON " + kind + " does not fit " + typ.Type.String())
	}
	return invalidAnswer(prefix + "failed")
}

// readAnswerBody reads and closes the body of an answer, capped:
//
//   - a 2xx answer is capped at limit (Settings.MaxResponseBytes). Over the cap it is a
//     *TooLargeError and nothing is kept: when the announced Content-Length is over the cap,
//     nothing is read at all; otherwise what was read is dropped, so a hostile answer costs
//     about the cap in allocations, never a multiple of it.
//   - an error answer keeps its first 64 KiB (maxErrorBody) and is never an error for its
//     length: the caller still gets the status.
func readAnswerBody(resp *http.Response, limit int64) ([]byte, error) {
	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	var data []byte
	var err error
	switch {
	case !ok:
		data, err = readCapped(resp.Body, min(limit, maxErrorBody), resp.ContentLength)
		if errors.Is(err, ErrResponseTooLarge) {
			err = nil
		}
	case resp.ContentLength > limit:
		err = &TooLargeError{Limit: limit}
	default:
		data, err = readChunks(resp.Body, limit, resp.ContentLength, false)
	}
	_ = resp.Body.Close()
	resp.Body = http.NoBody
	return data, err
}

// readCapped reads at most limit bytes; a longer body is a *TooLargeError returned with its
// first limit bytes. It reads at most limit+1 bytes from r. size is the announced length
// (-1 if unknown): a buffer of that size is allocated up front when it is within the limit,
// so a typical answer is read with one allocation; the announcement is not trusted beyond that.
func readCapped(r io.Reader, limit, size int64) ([]byte, error) {
	return readChunks(r, limit, size, true)
}

// maxChunk is the largest buffer readChunks allocates at once.
const maxChunk = 1 << 20

// readChunks reads r up to limit bytes into chunks that double up to maxChunk, and joins
// them once at the end: an answer of n bytes of unknown length costs about 2n in
// allocations (the chunks and the result), and an announced length within the limit one
// buffer of that length. A body over the limit is a *TooLargeError; with keep, its first
// limit bytes are returned too (joined), else nothing (and the chunks, about limit bytes in
// all, are all it cost).
func readChunks(r io.Reader, limit, size int64, keep bool) ([]byte, error) {
	next := int64(512)
	if size >= 0 && size < limit {
		next = size + 1 // one more byte, so that EOF is seen without another buffer
	}
	var chunks [][]byte
	var total int64 // bytes in chunks, the last one included
	cur := make([]byte, 0, min(next, limit+1))
	for {
		if len(cur) == cap(cur) {
			if total+int64(len(cur)) > limit {
				break
			}
			chunks = append(chunks, cur)
			total += int64(len(cur))
			next = min(2*int64(cap(cur)), maxChunk, limit+1-total)
			cur = make([]byte, 0, next)
		}
		m, err := r.Read(cur[len(cur):cap(cur)])
		cur = cur[:len(cur)+m]
		if err == io.EOF {
			break
		}
		if err != nil {
			return join(chunks, cur, total), err
		}
	}
	n := total + int64(len(cur))
	if n > limit {
		if !keep {
			return nil, &TooLargeError{Limit: limit}
		}
		return join(chunks, cur, total)[:limit], &TooLargeError{Limit: limit}
	}
	return join(chunks, cur, total), nil
}

// join returns the chunks followed by last as one slice; with no chunks, last itself.
func join(chunks [][]byte, last []byte, total int64) []byte {
	if len(chunks) == 0 {
		return last
	}
	b := make([]byte, 0, total+int64(len(last)))
	for _, c := range chunks {
		b = append(b, c...)
	}
	return append(b, last...)
}

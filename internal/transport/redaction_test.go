package transport

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

// Canaries planted everywhere a secret or patient datum can ride. None may reach an error
// text (any verb) or a log line.
const (
	canaryQuery   = "CANARY-QUERY-Jane-Doe-1001"
	canaryPath    = "CANARY-PATH-MRN-1002"
	canaryHeader  = "CANARY-HEADER-1003"
	canaryIdemKey = "CANARY-IDEMKEY-1004"
	canaryReqBody = "CANARY-REQBODY-DOB-1005"
	canaryResp    = "CANARY-RESPBODY-1006"
	canaryToken   = "CANARY-TOKEN-1007"
	canarySecret  = "CANARY-SECRET-1008"
	canaryMessage = "CANARY-VENDORMSG-1009"
	canaryNumber  = "987654321098765432109"
	canaryWire    = "CANARY-WIRE-1010"
)

var canaries = []string{canaryQuery, canaryPath, canaryHeader, canaryIdemKey, canaryReqBody,
	canaryResp, canaryToken, canarySecret, canaryMessage, canaryNumber, canaryWire}

// echoBody is an answer that echoes every canary, as a careless vendor error page might.
var echoBody = `{"code":"invalid_field","message":"` + canaryMessage + ` for ` + canaryPath + `","detail":"` +
	strings.Join(canaries, " ") + `","patient":{"name":"` + canaryResp + `"},"n":` + canaryNumber + `}`

func canaryRequest(method string) *Request {
	r := &Request{
		Op: "orders.create", Method: method, Route: "/patients/{id}/orders",
		Params: []string{canaryPath},
		Query:  url.Values{"name": {canaryQuery}},
		Header: http.Header{"X-Patient": {canaryHeader}},
	}
	if method != http.MethodGet {
		r.JSON = map[string]string{"dob": canaryReqBody}
		r.IdempotencyKey = canaryIdemKey
	}
	return r
}

// every failure path, with a Debug-level JSON logger; no canary in err.Error(),
// %v, %+v, %q, %#v, or the log.
func TestRedactionCanaries(t *testing.T) {
	t.Parallel()
	echo := func(status int) step {
		return step{status: status, body: echoBody, header: http.Header{"X-Echo": {canaryHeader}, "Location": {"https://x/" + canaryPath}}}
	}
	type decoded struct {
		Count int  `json:"count"`
		Small int8 `json:"small"`
	}
	cases := []struct {
		name   string
		steps  []step
		method string
		auth   Auth
		out    any
		ctx    func(context.Context) (context.Context, context.CancelFunc)
		is     error
	}{
		{name: "exhaustion 503", steps: []step{echo(503)}, method: http.MethodGet, is: ErrServer},
		{name: "write 500 outcome unknown", steps: []step{echo(500)}, method: http.MethodPost, is: ErrServer},
		{name: "4xx echo", steps: []step{echo(422)}, method: http.MethodPost, is: ErrValidation},
		{name: "404 echo", steps: []step{echo(404)}, method: http.MethodGet, is: ErrNotFound},
		{name: "401 basic", steps: []step{echo(401)}, method: http.MethodGet, auth: BasicAuth("user", canarySecret), is: ErrUnauthorized},
		{name: "401 token", steps: []step{echo(401)}, method: http.MethodGet, auth: TokenAuth(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: canaryToken})), is: ErrUnauthorized},
		{name: "429 retry-after too long", steps: []step{{status: 429, body: echoBody, header: http.Header{"Retry-After": {"3600"}}}}, method: http.MethodPost, is: ErrRateLimited},
		{name: "redirect cross-origin", steps: []step{echo(302)}, method: http.MethodGet},
		{name: "nested url error", steps: []step{fail(&url.Error{Op: "Get", URL: "https://lab.test/api/patients/" + canaryPath + "?name=" + canaryQuery, Err: errReset})}, method: http.MethodGet},
		{name: "quoted server bytes", steps: []step{fail(fmt.Errorf(`net/http: HTTP/1.x transport connection broken: malformed HTTP response %q`, canaryWire))}, method: http.MethodGet},
		{name: "ctx cancel", steps: []step{echo(503)}, method: http.MethodGet,
			ctx: func(ctx context.Context) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(ctx)
				time.AfterFunc(100*time.Millisecond, cancel)
				return ctx, cancel
			}, is: context.Canceled},
		{name: "ctx deadline", steps: []step{echo(503)}, method: http.MethodPost,
			ctx: func(ctx context.Context) (context.Context, context.CancelFunc) {
				return context.WithTimeout(ctx, 100*time.Millisecond)
			}},
		{name: "decode type", steps: []step{{status: 200, body: `{"count":"` + canaryResp + `"}`}}, method: http.MethodGet, out: &decoded{}},
		{name: "decode overflow", steps: []step{{status: 200, body: `{"small":` + canaryNumber + `}`}}, method: http.MethodGet, out: &decoded{}},
		{name: "decode syntax", steps: []step{{status: 200, body: `{"count": ` + canaryResp + `}`}}, method: http.MethodGet, out: &decoded{}},
		{name: "decode top level", steps: []step{{status: 200, body: `"` + canaryResp + `"`}}, method: http.MethodGet, out: &decoded{}},
		{name: "too large", steps: []step{{status: 200, body: strings.Repeat(canaryResp, 100)}}, method: http.MethodGet, out: &decoded{}, is: ErrResponseTooLarge},
		{name: "token error", steps: []step{echo(200)}, method: http.MethodGet,
			auth: TokenAuth(&countingSource{err: &oauth2.RetrieveError{
				Response: &http.Response{StatusCode: 400, Status: "400 " + canaryMessage}, Body: []byte(echoBody),
				ErrorCode: "invalid_client", ErrorDescription: canarySecret,
			}}), is: ErrUnauthorized},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				var logs bytes.Buffer
				logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
				sc := newScript(tc.steps...)
				s := testSettings(sc.transport())
				s.Auth = BearerAuth(canaryToken)
				if tc.auth != nil {
					s.Auth = tc.auth
				}
				s.Logger = logger
				s.MaxResponseBytes = 512
				s.AppInfo = "app/1.0"
				c := newClient(t, s)
				ctx := t.Context()
				if tc.ctx != nil {
					var cancel context.CancelFunc
					ctx, cancel = tc.ctx(ctx)
					defer cancel()
				}

				resp, err := c.Do(ctx, canaryRequest(tc.method), tc.out)

				require.Error(t, err)
				if tc.is != nil {
					assert.ErrorIs(t, err, tc.is)
				}
				logger.Error("call failed", "err", err) // what a user does with it
				logger.Info("settings", "settings", s, "auth", s.Auth)
				texts := map[string]string{
					"error":    sprintAll(err),
					"log":      logs.String(),
					"settings": fmt.Sprintf("%v %+v %#v", s, s, s.Auth),
				}
				if resp != nil {
					texts["meta"] = fmt.Sprintf("%d %d %s", resp.StatusCode, resp.Attempts, resp.RequestID)
				}
				for where, text := range texts {
					for _, c := range canaries {
						assert.NotContains(t, text, c, "canary in %s", where)
					}
				}
				assert.NotEmpty(t, logs.String(), "the logger was used")
				for line := range strings.Lines(logs.String()) {
					assert.True(t, json.Valid([]byte(line)), "one JSON record per line: %s", line)
				}
			})
		})
	}
}

// The raw vendor data stays reachable for code that asks for it on purpose.
func TestAPIErrorKeepsRawData(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sc := newScript(step{status: 422, body: echoBody, header: http.Header{"X-Request-Id": {"req-42"}}})
		c := newClient(t, testSettings(sc.transport()))
		var meta Response
		r := canaryRequest(http.MethodPost)
		r.Response = &meta

		_, err := c.Do(t.Context(), r, nil)

		var ae *APIError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "invalid_field", ae.Code)
		assert.Contains(t, ae.Message, canaryMessage)
		assert.JSONEq(t, echoBody, string(ae.Body))
		assert.Equal(t, "req-42", ae.RequestID)
		assert.Equal(t, "acme: POST /patients/{id}/orders: 422 unprocessable entity [request-id req-42]", ae.Error())
		assert.Equal(t, 422, meta.StatusCode)
		assert.JSONEq(t, echoBody, string(meta.Body))
		assert.Equal(t, "req-42", meta.RequestID)
	})
}

// R-12 over a real socket: a server that answers with unparseable HTTP echoing the
// request's data, and a TLS failure; the URL with its query and path id never shows.
func TestRedactionMalformedAnswer(t *testing.T) {
	t.Parallel()
	for _, answer := range []string{
		"HTTP/1.1 200 OK\r\nBad Header " + canaryWire + "\r\n\r\n",
		"HTTP/1.1 2x0 " + canaryWire + "\r\n\r\n",
		canaryWire + "\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: " + canaryWire + "\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: " + canaryWire + "\r\n\r\n",
	} {
		t.Run(strings.Fields(answer)[0], func(t *testing.T) {
			t.Parallel()
			addr := rawServer(t, answer)
			var logs bytes.Buffer
			s := Settings{
				Vendor: "acme", BaseURL: "http://" + addr + "/api", Auth: BearerAuth(canaryToken),
				MaxRetries: NoRetries,
				Logger:     slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
			}
			c := newClient(t, s)

			_, err := c.Do(t.Context(), canaryRequest(http.MethodGet), nil)

			require.Error(t, err)
			for _, c := range canaries {
				assert.NotContains(t, sprintAll(err), c)
				assert.NotContains(t, logs.String(), c)
			}
			assert.NotContains(t, sprintAll(err), addr+"/api")
		})
	}
}

// rawServer answers every request on a TCP socket with the given bytes.
func rawServer(t *testing.T, answer string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	t.Cleanup(func() { _ = l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err == nil {
					_, _ = conn.Write([]byte(answer))
				}
			})
		}
	})
	return l.Addr().String()
}

// The validation errors name the field, never the value.
func TestValidationErrorsNameField(t *testing.T) {
	t.Parallel()
	c := newClient(t, testSettings(newScript(answer(200)).transport()))
	for _, tc := range []struct {
		name  string
		req   *Request
		field string
	}{
		{"dot-dot id", get("/orders/{id}", ".."), "path"},
		{"empty id", get("/orders/{id}", ""), "path"},
		{"too many values", get("/orders/{id}", "a", canaryPath), "path"},
		{"two bodies", &Request{Method: http.MethodPost, Route: "/orders", JSON: 1, Form: url.Values{"a": {canaryReqBody}}}, "body"},
		{"unencodable", &Request{Method: http.MethodPost, Route: "/orders", JSON: map[string]any{canaryReqBody: func() {}}}, "body"},
		{"bad method", &Request{Method: "BAD METHOD", Route: "/orders/{id}", Params: []string{canaryPath}}, "Method"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.Do(t.Context(), tc.req, nil)
			var ve *ValidationError
			require.ErrorAs(t, err, &ve)
			assert.ErrorIs(t, err, ErrValidation)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, err.Error(), "invalid "+tc.field)
			for _, c := range canaries {
				assert.NotContains(t, sprintAll(err), c)
			}
		})
	}
}

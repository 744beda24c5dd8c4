package dispatch

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labwire/labwire/webhook"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoSecretsInErrorsOrLogsN49 plants canary values (secret, password,
// body, signatures, the MAC the verifier computes) and drives every scheme
// through accepted, duplicate and refused deliveries, then checks that none
// of them reached an error string, a log line or a response body.
func TestNoSecretsInErrorsOrLogsN49(t *testing.T) {
	t.Parallel()
	const (
		secret   = "CANARY-SECRET-7f3a9c-0123456789abcdef"
		user     = "CANARY-USER-x1"
		password = "CANARY-PASSWORD-9d8e7f-0123456789"
		bodyText = `{"id":"evt_1","patient":"CANARY-PATIENT-Jane-Doe"}`
	)
	now := time.Unix(vecT, 0)
	tsHeader := webhook.SignTimestamped(now, []byte(bodyText), secret)
	bodySig := webhook.SignBody(secret, []byte(bodyText))
	expectedTampered := webhook.SignBody(secret, []byte(bodyText+"x")) // what a verifier would compute for a tampered body
	basicHeader := webhook.BasicAuthHeader(user, password)
	canaries := []string{
		secret, user, password, "CANARY-PATIENT", tsHeader, tsHeader[strings.Index(tsHeader, "v1=")+3:],
		bodySig, expectedTampered, strings.TrimPrefix(basicHeader, "Basic "),
		base64.StdEncoding.EncodeToString([]byte(secret)),
	}

	log, logs := newLogger()
	dedup, err := NewMemoryDeduper(time.Hour, 100)
	require.NoError(t, err)
	tsV, err := webhook.NewTimestampedHMAC(tsHeaderName, []string{secret}, webhook.WithClock(fixedClock(now)), webhook.WithMaxBodyBytes(256))
	require.NoError(t, err)
	bodyV, err := webhook.NewBodyHMAC(bodyHeaderName, []string{secret}, webhook.WithMaxBodyBytes(256))
	require.NoError(t, err)
	basicV, err := webhook.NewBasicAuth([]webhook.BasicCredentials{{Username: user, Password: password}}, webhook.WithMaxBodyBytes(256))
	require.NoError(t, err)

	var errs []string
	type variant struct {
		v      *webhook.Verifier
		header string
		good   string
		bad    []string
	}
	variants := []variant{
		{tsV, tsHeaderName, tsHeader, []string{
			"", "t=1565712055,v1=" + bodySig, tsHeader + "," + tsHeader, strings.Replace(tsHeader, "t=", "t=0", 1),
			"t=1,v1=" + bodySig, tsHeader + ", v1=" + bodySig, strings.Repeat(tsHeader, 300),
		}},
		{bodyV, bodyHeaderName, bodySig, []string{"", expectedTampered, strings.ToUpper(expectedTampered), bodySig[:63], "sha256=" + bodySig}},
		{basicV, "Authorization", basicHeader, []string{
			"", webhook.BasicAuthHeader(user, password+"x"), "Bearer " + password, "Basic " + base64.StdEncoding.EncodeToString([]byte(password)),
		}},
	}
	for _, vr := range variants {
		h, err := NewHandler(vr.v, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}), WithLogger(log), WithDeduper(dedup))
		require.NoError(t, err)
		send := func(header, body string) *httptest.ResponseRecorder {
			r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
			if header != "" {
				r.Header.Set(vr.header, header)
			}
			return serve(h, r)
		}
		for _, body := range []string{bodyText, bodyText + "x", strings.Repeat(bodyText, 10)} {
			for _, hv := range append([]string{vr.good}, vr.bad...) {
				w := send(hv, body)
				errs = append(errs, w.Body.String())
				_, verr := vr.v.Verify(http.Header{http.CanonicalHeaderKey(vr.header): {hv}}, []byte(body))
				if verr != nil {
					errs = append(errs, verr.Error(), fmt.Sprintf("%v %+v %#v", verr, verr, verr))
				}
			}
		}
		send(vr.good, bodyText) // duplicate
	}
	// Construction errors too.
	_, err = webhook.NewBasicAuth([]webhook.BasicCredentials{{Username: user + ":", Password: password}})
	errs = append(errs, err.Error())

	all := logs.String() + strings.Join(errs, "\n")
	require.Contains(t, logs.String(), "delivery refused", "the test exercised the refusal path")
	require.Contains(t, logs.String(), "duplicate acknowledged", "the test exercised the duplicate path")
	for _, c := range canaries {
		assert.NotContains(t, all, c)
	}
}

// keyQuotingDeduper fails the way a SQL- or Redis-backed store can: its
// error quotes the key, which derives from the body (or is an event id
// WithDedupKey read from it).
type keyQuotingDeduper struct{}

func (keyQuotingDeduper) Claim(_ context.Context, key string) (bool, error) {
	return false, errors.New(`duplicate key value: Key (k)=(` + key + `)`)
}

func (keyQuotingDeduper) Release(_ context.Context, key string) error {
	return errors.New("cannot delete " + key)
}

// A Deduper's error text used to be logged verbatim, and with it a key
// derived from the payload. It is logged by category and Go type only.
func TestDeduperErrorTextNotLogged(t *testing.T) {
	t.Parallel()
	now := time.Unix(vecT, 0)
	logger, logs := newLogger()
	h, err := NewHandler(newTS(t, now, []string{vecSecret}), http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}),
		WithDeduper(keyQuotingDeduper{}), WithLogger(logger),
		WithDedupKey(func(_ webhook.Delivery, body []byte) string { return bodyCanary }))
	require.NoError(t, err)
	assert.Equal(t, http.StatusServiceUnavailable, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
	assert.Contains(t, logs.String(), `"msg":"dispatch: deduper claim failed"`)
	assert.Contains(t, logs.String(), `"error_type":"*errors.errorString"`)
	assert.NotContains(t, logs.String(), "CANARY")

	logs2 := &lockedBuffer{}
	h.log = slog.New(slog.NewJSONHandler(logs2, nil))
	h.release(context.Background(), bodyCanary)
	assert.Contains(t, logs2.String(), "deduper release failed")
	assert.NotContains(t, logs2.String(), "CANARY")
}

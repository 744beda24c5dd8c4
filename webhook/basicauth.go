package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// BasicCredentials is one username and password pair accepted by
// NewBasicAuth. Its String, GoString and LogValue methods redact both
// fields, so printing or logging it leaks nothing.
type BasicCredentials struct {
	Username string // must not be empty or contain ":"
	Password string // must not be empty
}

const redactedCredentials = "webhook.BasicCredentials{Username:[redacted], Password:[redacted]}"

// String returns a redacted form.
func (BasicCredentials) String() string { return redactedCredentials }

// GoString returns a redacted form, for %#v.
func (BasicCredentials) GoString() string { return redactedCredentials }

// LogValue returns a redacted form, for log/slog.
func (BasicCredentials) LogValue() slog.Value { return slog.StringValue(redactedCredentials) }

// basicAuth checks "Authorization: Basic base64(username:password)". The
// configured pairs are kept as SHA-256 digests, and the request's pair is
// digested before comparing, so the comparison takes the same time whatever
// the lengths and wherever the first difference is.
type basicAuth struct {
	creds   []basicDigest
	scratch sync.Pool
}

type basicDigest struct {
	user, pass [sha256.Size]byte
}

type basicScratch struct {
	enc, dec []byte
}

// NewBasicAuth returns a Verifier for HTTP Basic authentication of the
// sender: the Authorization header must carry one of creds. Several pairs
// may be given (rotation). A sender using Basic authentication signs
// nothing: the body is not authenticated, only the sender, so serve the
// endpoint over TLS only. Verifying does not read the body; Delivery.Key
// is the hex SHA-256 of the body, so an identical body is a duplicate; use
// WithDedupKey to deduplicate on an id from the body instead.
//
// An empty password is ErrEmptySecret; an empty username or one containing
// ":" is ErrInvalidConfig. WithTolerance is rejected.
func NewBasicAuth(creds []BasicCredentials, opts ...Option) (*Verifier, error) {
	if len(creds) == 0 {
		return nil, fmt.Errorf("%w: creds: none given", ErrEmptySecret)
	}
	s := &basicAuth{creds: make([]basicDigest, len(creds))}
	short := 0
	for i, c := range creds {
		switch {
		case c.Username == "":
			return nil, fmt.Errorf("%w: creds[%d].Username is empty", ErrInvalidConfig, i)
		case strings.Contains(c.Username, ":"):
			return nil, fmt.Errorf("%w: creds[%d].Username contains a colon", ErrInvalidConfig, i)
		case c.Password == "":
			return nil, fmt.Errorf("%w: creds[%d].Password", ErrEmptySecret, i)
		}
		if len(c.Password) < RecommendedMinSecretBytes {
			short++
		}
		s.creds[i] = basicDigest{user: sha256.Sum256([]byte(c.Username)), pass: sha256.Sum256([]byte(c.Password))}
	}
	s.scratch.New = func() any { return &basicScratch{} }
	c, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	if c.toleranceSet {
		return nil, errToleranceNotApplicable
	}
	return &Verifier{scheme: s, now: c.now, untimed: true, maxBody: c.maxBody, shortSecrets: short}, nil
}

// BasicAuthHeader returns the Authorization header value a sender using
// Basic authentication sends: "Basic " + base64(username + ":" + password).
func BasicAuthHeader(username, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(username+":"+password))
}

func (s *basicAuth) Verify(h http.Header, _ []byte, _ time.Time) (Delivery, error) {
	v, err := signatureHeader(h, "Authorization")
	if err != nil {
		return Delivery{}, err
	}
	const prefix = "Basic "
	if len(v) < len(prefix) || !strings.EqualFold(v[:len(prefix)], prefix) {
		return Delivery{}, errNotBasic
	}
	enc := v[len(prefix):]
	sc := s.scratch.Get().(*basicScratch)
	defer func() {
		clear(sc.enc)
		s.scratch.Put(sc)
	}()
	sc.enc = append(sc.enc[:0], enc...)
	if n := base64.StdEncoding.DecodedLen(len(sc.enc)); cap(sc.dec) < n {
		sc.dec = make([]byte, n)
	}
	n, err := base64.StdEncoding.Decode(sc.dec[:cap(sc.dec)], sc.enc)
	if err != nil {
		return Delivery{}, errBadBase64
	}
	pair := sc.dec[:n]
	colon := -1
	for i, c := range pair {
		if c == ':' {
			colon = i
			break
		}
	}
	if colon < 0 {
		return Delivery{}, errNoColon
	}
	user := sha256.Sum256(pair[:colon])
	pass := sha256.Sum256(pair[colon+1:])
	clear(pair)
	for i := range s.creds {
		c := &s.creds[i]
		if subtle.ConstantTimeCompare(user[:], c.user[:])&subtle.ConstantTimeCompare(pass[:], c.pass[:]) == 1 {
			return Delivery{SecretIndex: i}, nil
		}
	}
	return Delivery{}, errCredMismatch
}

func (s *basicAuth) signatureHeaderName() string { return "Authorization" }

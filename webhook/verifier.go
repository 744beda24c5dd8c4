package webhook

import (
	"fmt"
	"net/http"
	"time"
)

const (
	// DefaultTolerance is how far a signed timestamp may be from the
	// verifier's clock, in either direction, when WithTolerance is not given.
	DefaultTolerance = 5 * time.Minute

	// DefaultMaxBodyBytes is the body cap when WithMaxBodyBytes is not given.
	DefaultMaxBodyBytes int64 = 1 << 20

	// MaxHeaderBytes is the longest signature header the built-in schemes
	// parse; a longer one is ErrMalformedHeader before any HMAC work.
	MaxHeaderBytes = 8 << 10

	// MaxSignatures is the most v1 elements a timestamped header may carry; more
	// is ErrMalformedHeader before any HMAC work.
	MaxSignatures = 16

	// RecommendedMinSecretBytes is the shortest secret NewHandler accepts
	// without logging a warning (the Standard Webhooks spec asks for 24 to 64
	// random bytes). Shorter secrets still work: senders choose them.
	RecommendedMinSecretBytes = 24
)

// Delivery is what a successful verification yields. It is a small value,
// and a successful verification with a built-in scheme allocates nothing:
// the deduplication key is not part of it but computed on demand by Key,
// since only a receiver that deduplicates needs it.
type Delivery struct {
	// ID is an id the scheme read from the delivery itself; the built-in
	// schemes leave it "". A custom Scheme may set it (then Key returns it,
	// bounded to 256 bytes). It may come from the payload: do not log it.
	ID string

	// Timestamp is the signed timestamp, or the zero time when the scheme
	// signs none. Key puts its Unix seconds in the key when it is not zero.
	Timestamp time.Time

	// SecretIndex is the position, in the slice given to the constructor, of
	// the secret (or credential pair) that matched. Watch it during rotation
	// to see when the old secret stops being used.
	SecretIndex int
}

// Scheme is a signature scheme. The built-in schemes are returned by
// NewTimestampedHMAC, NewBodyHMAC and NewBasicAuth; implement Scheme for a
// sender that signs some other way and pass it to NewVerifier.
//
// Verify must check header and body (the raw bytes, never re-encoded) and
// return a nil error only when they are authentic. now comes from the
// Verifier's clock (see WithClock); a scheme must not read the wall clock
// itself. Errors should wrap this package's sentinels and must never contain
// secrets, signatures, header values or body bytes: the middleware logs them.
// Verify is called concurrently.
type Scheme interface {
	Verify(h http.Header, body []byte, now time.Time) (Delivery, error)
}

// Verifier checks deliveries against one scheme and its secrets. It is
// immutable after construction and safe for concurrent use. There is no way
// to construct a Verifier that skips verification.
type Verifier struct {
	scheme       Scheme
	now          func() time.Time
	untimed      bool // a built-in scheme that signs no time: the clock is not read
	maxBody      int64
	shortSecrets int
}

// Option configures a Verifier.
type Option func(*config) error

type config struct {
	tolerance    time.Duration
	toleranceSet bool
	now          func() time.Time
	maxBody      int64
}

// WithTolerance sets how far the signed timestamp may be from the clock, in
// each direction (boundary included). It must be positive, and applies only
// to NewTimestampedHMAC; the default is DefaultTolerance.
func WithTolerance(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("%w: WithTolerance: tolerance must be positive", ErrInvalidConfig)
		}
		c.tolerance, c.toleranceSet = d, true
		return nil
	}
}

// WithClock replaces time.Now as the verifier's clock, for tests. The body
// HMAC and Basic schemes sign no time and never read it.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return fmt.Errorf("%w: WithClock: clock is nil", ErrInvalidConfig)
		}
		c.now = now
		return nil
	}
}

// WithMaxBodyBytes sets the body cap used by VerifyRequest and the
// middleware; it must be positive. The default is DefaultMaxBodyBytes.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("%w: WithMaxBodyBytes: limit must be positive", ErrInvalidConfig)
		}
		c.maxBody = n
		return nil
	}
}

func buildConfig(opts []Option) (config, error) {
	c := config{tolerance: DefaultTolerance, now: time.Now, maxBody: DefaultMaxBodyBytes}
	for i, o := range opts {
		if o == nil {
			return c, fmt.Errorf("%w: option %d is nil", ErrInvalidConfig, i)
		}
		if err := o(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}

// NewVerifier returns a Verifier for a user-defined scheme. WithTolerance is
// rejected here: a custom scheme enforces its own window from the now it is
// given.
func NewVerifier(s Scheme, opts ...Option) (*Verifier, error) {
	if s == nil {
		return nil, errCustomSchemeNone
	}
	c, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	if c.toleranceSet {
		return nil, errToleranceNotApplicable
	}
	return &Verifier{scheme: s, now: c.now, maxBody: c.maxBody}, nil
}

// Verify checks one delivery: h is the request header and body the raw
// request body exactly as received. Pass the same bytes on to your decoder;
// never decode and re-encode before verifying, which changes the bytes and
// breaks the signature. In steady state the built-in schemes allocate
// nothing, and hash the body once (Basic authentication: not at all). Call
// Delivery.Key only when you deduplicate: it hashes the body again.
//
// A Verifier not made by one of the constructors (a nil pointer or a zero
// value) refuses everything with ErrInvalidConfig.
func (v *Verifier) Verify(h http.Header, body []byte) (Delivery, error) {
	if v == nil || v.scheme == nil || v.now == nil {
		return Delivery{}, errUnconfigured
	}
	if v.untimed {
		return v.scheme.Verify(h, body, time.Time{})
	}
	return v.scheme.Verify(h, body, v.now())
}

// MaxBodyBytes reports the body cap.
func (v *Verifier) MaxBodyBytes() int64 { return v.maxBody }

// VerifyRequest reads r's body (at most MaxBodyBytes, with
// http.MaxBytesReader so an overflow is an error and never a silent
// truncation), rejects a Content-Encoding other than identity, and verifies.
// It returns the raw body and the delivery. w may be nil; when it is the
// request's ResponseWriter, an oversized body also makes the server close the
// connection. VerifyRequest does not restore r.Body; the middleware does.
func (v *Verifier) VerifyRequest(w http.ResponseWriter, r *http.Request) ([]byte, Delivery, error) {
	if err := checkEncoding(r.Header); err != nil {
		return nil, Delivery{}, err
	}
	if v == nil || v.scheme == nil {
		return nil, Delivery{}, errUnconfigured
	}
	body, err := readBody(w, r, v.maxBody)
	if err != nil {
		return nil, Delivery{}, err
	}
	d, err := v.Verify(r.Header, body)
	if err != nil {
		return nil, Delivery{}, err
	}
	return body, d, nil
}

package webhook

import (
	"crypto/hmac"
	"net/http"
	"time"
)

// bodyHMAC is the body-only scheme: the header carries the hex HMAC-SHA256 of
// the raw body, keyed with the raw secret bytes.
type bodyHMAC struct {
	header string // canonical form
	keys   []*macKey
}

// NewBodyHMAC returns a Verifier for the body HMAC scheme: the header named
// by header (any case) carries exactly 64 hex digits, the HMAC-SHA256 of the
// raw body keyed with the secret's raw bytes. Senders use lowercase; upper
// case is accepted too. Anything else in the header (a "sha256=" prefix, a
// truncated MAC, two header lines) fails.
//
// The scheme signs no timestamp, so a captured delivery can be replayed for
// ever. Delivery.Key is the hex SHA-256 of the body (whichever secret signed
// it): put a Deduper in front of your handler (see WithDeduper), with a TTL
// at least as long as the sender's retry horizon, to refuse replays within
// that window.
//
// Each secret in secrets is tried (rotation). An empty secret is
// ErrEmptySecret. WithTolerance is rejected: there is no timestamp.
func NewBodyHMAC(header string, secrets []string, opts ...Option) (*Verifier, error) {
	canon, err := canonicalHeader(header)
	if err != nil {
		return nil, err
	}
	keys, short, err := newMACKeys(secrets)
	if err != nil {
		return nil, err
	}
	c, err := buildConfig(opts)
	if err != nil {
		return nil, err
	}
	if c.toleranceSet {
		return nil, errToleranceNotApplicable
	}
	s := &bodyHMAC{header: canon, keys: keys}
	return &Verifier{scheme: s, now: c.now, untimed: true, maxBody: c.maxBody, shortSecrets: short}, nil
}

func (s *bodyHMAC) Verify(h http.Header, body []byte, _ time.Time) (Delivery, error) {
	v, err := signatureHeader(h, s.header)
	if err != nil {
		return Delivery{}, err
	}
	var want [32]byte
	if !decodeHex32(&want, v) {
		return Delivery{}, errSigShape
	}
	for k, key := range s.keys {
		mac := key.sum("", body)
		if hmac.Equal(mac[:], want[:]) {
			return Delivery{SecretIndex: k}, nil
		}
	}
	return Delivery{}, errMACMismatch
}

func (s *bodyHMAC) signatureHeaderName() string { return s.header }

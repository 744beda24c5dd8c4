package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// timestamped is the "t=<unix seconds>,v1=<hex>" scheme: HMAC-SHA256 keyed
// with the raw secret bytes over t + "." + body.
type timestamped struct {
	header    string // canonical form
	keys      []*macKey
	tolerance time.Duration
}

// NewTimestampedHMAC returns a Verifier for the timestamped HMAC scheme. The
// header (named by header, any case) carries "t=<unix seconds>,v1=<hex>"; the
// signature is the hex HMAC-SHA256, keyed with the secret's raw bytes (not
// base64-decoded, prefix included), of the decimal t, a ".", and the raw body.
//
// Parsing is strict: the header is split on "," and each element on its
// first "="; elements other than t and v1 are ignored; t must appear once as
// 1 to 10 digits without sign or leading zero; up to MaxSignatures v1
// elements are accepted and any one matching any secret passes (sender-side
// rotation); v1 values that are not 64 hex digits are ignored (upper-case hex
// is accepted). Whitespace anywhere, an empty element, an element without
// "=", a header over MaxHeaderBytes, or two header lines make the header
// malformed. The timestamp must lie within the tolerance of the clock in both
// directions, boundary included; it is checked before any HMAC work.
// Delivery.Key is "<t>.<hex SHA-256 of the body>", whichever v1 and secret
// matched.
//
// Each secret in secrets is tried (receiver-side rotation: list the new and
// the old secret while the sender switches). An empty secret is ErrEmptySecret.
func NewTimestampedHMAC(header string, secrets []string, opts ...Option) (*Verifier, error) {
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
	s := &timestamped{header: canon, keys: keys, tolerance: c.tolerance}
	return &Verifier{scheme: s, now: c.now, maxBody: c.maxBody, shortSecrets: short}, nil
}

func canonicalHeader(name string) (string, error) {
	if name == "" {
		return "", fmt.Errorf("%w: header: name is empty", ErrInvalidConfig)
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return "", fmt.Errorf("%w: header: name has a character not allowed in a header name", ErrInvalidConfig)
		}
	}
	return http.CanonicalHeaderKey(name), nil
}

func isTokenChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// signatureHeader returns the only value of the header, enforcing the shared
// presence, repetition and length rules.
func signatureHeader(h http.Header, canon string) (string, error) {
	vals := h[canon]
	switch {
	case len(vals) == 0:
		return "", errHeaderAbsent
	case len(vals) > 1:
		return "", errHeaderRepeated
	case vals[0] == "":
		return "", errHeaderEmpty
	case len(vals[0]) > MaxHeaderBytes:
		return "", errHeaderTooLong
	}
	return vals[0], nil
}

// tsHeader is a parsed timestamped header: tstr points into the header value,
// and the well-formed v1 values are decoded as they are read, so parsing does
// not allocate.
type tsHeader struct {
	t     int64
	tstr  string
	n     int // v1 elements, well-formed or not
	m     int // well-formed v1 values, in cands[:m]
	cands [MaxSignatures][sha256.Size]byte
}

// parseTimestamped parses v strictly (see NewTimestampedHMAC). The t and v1
// elements are recognised by their first bytes, so only other keys need a
// search for their "=".
func parseTimestamped(v string, p *tsHeader) error {
	if hasSpaceOrControl(v) {
		return errHeaderSpace
	}
	seenT := false
	for more := true; more; {
		elem := v
		if i := strings.IndexByte(v, ','); i >= 0 {
			elem, v = v[:i], v[i+1:]
		} else {
			more = false
		}
		switch {
		case elem == "":
			return errEmptyElement
		case len(elem) >= 2 && elem[:2] == "t=":
			if seenT {
				return errDuplicateT
			}
			seenT = true
			t, ok := parseUnixSeconds(elem[2:])
			if !ok {
				return errBadT
			}
			p.t, p.tstr = t, elem[2:]
		case len(elem) >= 3 && elem[:3] == "v1=":
			if p.n == MaxSignatures {
				return errTooManySigs
			}
			if decodeHex32(&p.cands[p.m], elem[3:]) {
				p.m++
			}
			p.n++
		default: // another key, ignored; it must still be key=value
			if strings.IndexByte(elem, '=') <= 0 {
				return errElementNoKey
			}
		}
	}
	if !seenT {
		return errMissingT
	}
	return nil
}

// hasSpaceOrControl reports whether v holds a byte <= ' ' or DEL, eight
// bytes at a time: a byte below 0x21 borrows in x-0x21 and has its top bit
// clear, and only such a byte starts a borrow, so the test has no false
// positive (the same holds for the zero byte DEL leaves in x^0x7f).
func hasSpaceOrControl(v string) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+8 <= len(v); i += 8 {
		w := v[i : i+8]
		x := uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
			uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
		del := x ^ (ones * 0x7f)
		if ((x-ones*0x21)&^x|(del-ones)&^del)&highs != 0 {
			return true
		}
	}
	for ; i < len(v); i++ {
		if v[i] <= ' ' || v[i] == 0x7f {
			return true
		}
	}
	return false
}

// parseUnixSeconds accepts ^[0-9]{1,10}$ without a leading zero (except "0"
// itself). Ten digits cannot overflow int64.
func parseUnixSeconds(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 10 || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func (s *timestamped) Verify(h http.Header, body []byte, now time.Time) (Delivery, error) {
	v, err := signatureHeader(h, s.header)
	if err != nil {
		return Delivery{}, err
	}
	var p tsHeader
	if err := parseTimestamped(v, &p); err != nil {
		return Delivery{}, err
	}
	ts := time.Unix(p.t, 0)
	if d := now.Sub(ts); d > s.tolerance {
		return Delivery{}, errTooOld
	} else if -d > s.tolerance {
		return Delivery{}, errTooNew
	}
	if p.n == 0 {
		return Delivery{}, errNoV1
	}
	if p.m == 0 {
		return Delivery{}, errNoWellFormedV1
	}
	for k, key := range s.keys {
		mac := key.sum(p.tstr, body)
		for i := range p.cands[:p.m] {
			if hmac.Equal(mac[:], p.cands[i][:]) {
				return Delivery{Timestamp: ts, SecretIndex: k}, nil
			}
		}
	}
	return Delivery{}, errMACMismatch
}

func (s *timestamped) signatureHeaderName() string { return s.header }

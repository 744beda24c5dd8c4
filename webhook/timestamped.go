package webhook

import (
	"crypto/hmac"
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
//
// Each secret in secrets is tried (receiver-side rotation: list the new and
// the old secret while the sender switches). An empty secret is ErrEmptySecret.
func NewTimestampedHMAC(header string, secrets [][]byte, opts ...Option) (*Verifier, error) {
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

// tsHeader is a parsed timestamped header. Its strings point into the header
// value, so parsing does not allocate.
type tsHeader struct {
	t    int64
	tstr string
	sigs [MaxSignatures]string
	n    int
}

// parseTimestamped parses v strictly (see NewTimestampedHMAC).
func parseTimestamped(v string, p *tsHeader) error {
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' || v[i] == 0x7f {
			return errHeaderSpace
		}
	}
	seenT := false
	for rest, more := v, true; more; {
		var elem string
		elem, rest, more = strings.Cut(rest, ",")
		if elem == "" {
			return errEmptyElement
		}
		key, val, ok := strings.Cut(elem, "=")
		if !ok || key == "" {
			return errElementNoKey
		}
		switch key {
		case "t":
			if seenT {
				return errDuplicateT
			}
			seenT = true
			t, ok := parseUnixSeconds(val)
			if !ok {
				return errBadT
			}
			p.t, p.tstr = t, val
		case "v1":
			if p.n == MaxSignatures {
				return errTooManySigs
			}
			p.sigs[p.n] = val
			p.n++
		}
	}
	if !seenT {
		return errMissingT
	}
	return nil
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
	var cands [MaxSignatures][32]byte
	var valid [MaxSignatures]bool
	anyValid := false
	for i := 0; i < p.n; i++ {
		valid[i] = decodeHex32(&cands[i], p.sigs[i])
		anyValid = anyValid || valid[i]
	}
	if !anyValid {
		return Delivery{}, errNoWellFormedV1
	}
	for k, key := range s.keys {
		st := key.get()
		n := copy(st.prefix[:], p.tstr)
		st.prefix[n] = '.'
		st.h.Write(st.prefix[:n+1])
		st.h.Write(body)
		mac := st.h.Sum(st.sum[:0])
		match := -1
		for i := 0; i < p.n; i++ {
			if valid[i] && hmac.Equal(mac, cands[i][:]) {
				match = i
				break
			}
		}
		key.put(st)
		if match >= 0 {
			return Delivery{ID: deliveryKey(p.tstr, body), Timestamp: ts, SecretIndex: k}, nil
		}
	}
	return Delivery{}, errMACMismatch
}

func (s *timestamped) signatureHeaderName() string { return s.header }

package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// SignBody returns the body HMAC signature of body: the lowercase hex
// HMAC-SHA256 keyed with the secret's bytes. It is the header value a
// Verifier from NewBodyHMAC accepts; use it in tests and fakes. The secret is
// a string, as the verifiers take it.
func SignBody(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// SignTimestamped returns the full timestamped header value,
// "t=<unix seconds>,v1=<hex>", for body signed at t with each of secrets in
// order (one v1 element per secret, as a sender rotating its secret does). It
// is the header value a Verifier from NewTimestampedHMAC accepts; use it in
// tests and fakes. Sub-second precision of t is dropped. With no secrets the
// header has no v1 element (useful for negative tests).
func SignTimestamped(t time.Time, body []byte, secrets ...string) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	out := "t=" + ts
	for _, s := range secrets {
		out += ",v1=" + signTimestamp(s, ts, body)
	}
	return out
}

// signTimestamp is the timestamped MAC of one secret as lowercase hex.
func signTimestamp(secret, ts string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

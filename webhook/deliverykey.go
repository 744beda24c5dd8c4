package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// maxIDKeyBytes is the longest ID Key returns as it is; a longer one is
// replaced by its digest, so the key stays storable (a Postgres index entry
// holds under 3 KB).
const maxIDKeyBytes = 256

// Key returns the deduplication key of the delivery whose verified raw body
// is body: ID when the scheme set one (replaced by "sha256:<hex>" of it when
// longer than 256 bytes), otherwise "<unix t>.<hex SHA-256 of body>" when the
// scheme signs a timestamp, or the hex SHA-256 of body.
//
// The key comes from what the sender delivered, never from which signature
// or secret matched: a replay carrying only one of several v1 signatures, or
// the same body re-signed after a secret rotation, has the same key. A
// sender's retry re-signed with a new timestamp has a new one; deduplicate
// on an event id from the body (WithDedupKey) to recognise it. The key is a
// digest of a body that may hold patient data: treat it as opaque and do
// not log it.
//
// It hashes body on every call: call it once, and only when you deduplicate.
// The middleware calls it only when it has a Deduper or an Inbox and no
// WithDedupKey function. It allocates only the key string.
func (d Delivery) Key(body []byte) string {
	if d.ID != "" {
		return boundID(d.ID)
	}
	sum := sha256.Sum256(body)
	var buf [20 + 1 + 2*sha256.Size]byte // "-9223372036854775808" is 20 bytes
	n := 0
	if !d.Timestamp.IsZero() {
		n = len(strconv.AppendInt(buf[:0], d.Timestamp.Unix(), 10))
		buf[n] = '.'
		n++
	}
	hex.Encode(buf[n:], sum[:])
	return string(buf[:n+2*sha256.Size])
}

// boundID is what Key makes of a scheme's own ID: the ID itself up to
// maxIDKeyBytes, else "sha256:" and its hex digest. It is the rule the
// middleware applies to WithDedupKey's keys.
func boundID(id string) string {
	if len(id) <= maxIDKeyBytes {
		return id
	}
	sum := sha256.Sum256([]byte(id))
	return "sha256:" + hex.EncodeToString(sum[:])
}

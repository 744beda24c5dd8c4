package webhook

import (
	"crypto/sha256"
	"encoding/hex"
)

// deliveryKey derives a delivery's deduplication key from what the sender
// delivered, never from which signature or secret matched: a replay carrying
// only one of several v1 signatures, or the same body re-signed after a
// secret rotation, yields the same key.
//
// With a signed timestamp the key is "<t>.<hex SHA-256 of body>"; without one
// it is the hex SHA-256 of the body. It is one allocation: the string itself.
func deliveryKey(ts string, body []byte) string {
	sum := sha256.Sum256(body)
	var buf [10 + 1 + 2*sha256.Size]byte
	n := copy(buf[:], ts)
	if n > 0 {
		buf[n] = '.'
		n++
	}
	hex.Encode(buf[n:], sum[:])
	return string(buf[:n+2*sha256.Size])
}

package webhook

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// wantTSKey is the timestamped key written out independently of deliveryKey.
func wantTSKey(t int64, body []byte) string {
	sum := sha256.Sum256(body)
	return strconv.FormatInt(t, 10) + "." + hex.EncodeToString(sum[:])
}

func wantBodyKey(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// vecKey is the delivery key of vecBody signed at vecT.
var vecKey = wantTSKey(vecT, []byte(vecBody))

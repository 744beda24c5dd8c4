package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"hash"
	"sync"
	"sync/atomic"
)

// macKey holds one secret as a pool of keyed HMAC-SHA256 states. hmac.Reset
// returns a state to "keyed, nothing written", so a pooled state is reused
// without redoing the key schedule and without allocating. sync.Pool hands
// each state to one goroutine at a time.
type macKey struct {
	// last is the state the last sum put back, taken with one atomic swap: on
	// a receiver's usual one-delivery-at-a-time path that is cheaper than the
	// pool. Concurrent sums fall back to the pool.
	last atomic.Pointer[macState]
	pool sync.Pool
}

// macState is one pooled HMAC state with scratch space, so that nothing on
// the verify path has to escape to the heap.
type macState struct {
	h      hash.Hash
	sum    [sha256.Size]byte
	prefix [16]byte
}

func newMACKeys(secrets []string) ([]*macKey, int, error) {
	if len(secrets) == 0 {
		return nil, 0, fmt.Errorf("%w: secrets: none given", ErrEmptySecret)
	}
	keys := make([]*macKey, len(secrets))
	short := 0
	for i, s := range secrets {
		if err := checkSecret(s); err != nil {
			return nil, 0, fmt.Errorf("%w: secrets[%d]", err, i)
		}
		if len(s) < RecommendedMinSecretBytes {
			short++
		}
		secret := []byte(s)
		k := &macKey{}
		k.pool.New = func() any { return &macState{h: hmac.New(sha256.New, secret)} }
		keys[i] = k
	}
	return keys, short, nil
}

// checkSecret fails closed on an empty secret, and on the conventional
// "whsec_" prefix with nothing after it (a copy-paste accident that would
// otherwise be a 6-byte key everyone can guess).
func checkSecret(s string) error {
	if s == "" || s == "whsec_" {
		return ErrEmptySecret
	}
	return nil
}

// sum returns the HMAC of body with a pooled state, preceded by t and "."
// when t is not "" (the timestamped scheme's decimal t, at most 10 bytes).
func (k *macKey) sum(t string, body []byte) [sha256.Size]byte {
	st := k.last.Swap(nil)
	if st == nil {
		st = k.pool.Get().(*macState)
	}
	st.h.Reset()
	if t != "" {
		n := copy(st.prefix[:], t)
		st.prefix[n] = '.'
		st.h.Write(st.prefix[:n+1])
	}
	st.h.Write(body)
	st.h.Sum(st.sum[:0])
	mac := st.sum
	if !k.last.CompareAndSwap(nil, st) {
		k.pool.Put(st)
	}
	return mac
}

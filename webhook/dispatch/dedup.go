package dispatch

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Deduper remembers the deduplication keys of deliveries already accepted.
// The middleware claims a key only after the delivery verified, and releases
// it again when the handler fails, so the sender's retry is processed.
//
// A single receiver can use MemoryDeduper. A fleet of receivers behind a load
// balancer needs one shared store, or a retry landing on another instance is
// processed twice. With Redis, for example:
//
//	Claim:   SET <prefix><key> 1 NX PX <ttl ms>  → claimed when the reply is OK, duplicate when nil
//	Release: DEL <prefix><key>
//
// Keys are digests of the delivered body (see webhook.Delivery.Key), or whatever
// WithDedupKey returns: keep the store private.
// Keep keys at least twice the timestamp tolerance (a delivery is acceptable
// for the tolerance on either side of its timestamp) and, for schemes without
// a timestamp, at least the sender's retry horizon.
type Deduper interface {
	// Claim records key and reports true when it was not already recorded
	// (and unexpired); it reports false for a duplicate. It must be atomic:
	// of two concurrent claims of one key, only one reports true.
	Claim(ctx context.Context, key string) (bool, error)

	// Release forgets key, so that a later delivery with the same key is
	// processed. Releasing an unknown key is not an error.
	Release(ctx context.Context, key string) error
}

// MemoryDeduper is an in-memory Deduper with a fixed TTL and a bounded
// number of keys. It is safe for concurrent use. When full, it first drops
// expired keys and then the oldest keys, so memory stays bounded even under
// a flood; a key dropped early can be replayed, so size maxKeys for the
// traffic expected in one TTL.
type MemoryDeduper struct {
	ttl     time.Duration
	maxKeys int
	now     func() time.Time

	mu    sync.Mutex
	keys  map[string]memEntry
	order []memOrder // insertion order, which is also expiry order
	head  int
	gen   uint64
}

type memEntry struct {
	expires time.Time
	gen     uint64
}

type memOrder struct {
	key string
	gen uint64
}

// NewMemoryDeduper returns a MemoryDeduper keeping each key for ttl and at
// most maxKeys keys. Both must be positive.
func NewMemoryDeduper(ttl time.Duration, maxKeys int) (*MemoryDeduper, error) {
	if ttl <= 0 {
		return nil, fmt.Errorf("%w: ttl must be positive", ErrInvalidConfig)
	}
	if maxKeys <= 0 {
		return nil, fmt.Errorf("%w: maxKeys must be positive", ErrInvalidConfig)
	}
	return &MemoryDeduper{ttl: ttl, maxKeys: maxKeys, now: time.Now, keys: make(map[string]memEntry)}, nil
}

// Claim implements Deduper.
func (m *MemoryDeduper) Claim(_ context.Context, key string) (bool, error) {
	now := m.now()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire(now)
	if e, ok := m.keys[key]; ok && now.Before(e.expires) {
		return false, nil
	}
	for len(m.keys) >= m.maxKeys {
		m.dropOldest()
	}
	m.gen++
	m.keys[key] = memEntry{expires: now.Add(m.ttl), gen: m.gen}
	m.order = append(m.order, memOrder{key: key, gen: m.gen})
	return true, nil
}

// Release implements Deduper.
func (m *MemoryDeduper) Release(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.keys, key)
	return nil
}

// Len reports how many keys are held (expired ones may still count until the
// next Claim).
func (m *MemoryDeduper) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.keys)
}

// expire drops keys whose TTL has passed, from the front of the order.
func (m *MemoryDeduper) expire(now time.Time) {
	for m.head < len(m.order) {
		o := m.order[m.head]
		e, ok := m.keys[o.key]
		if ok && e.gen == o.gen && now.Before(e.expires) {
			break
		}
		if ok && e.gen == o.gen {
			delete(m.keys, o.key)
		}
		m.order[m.head] = memOrder{}
		m.head++
	}
	m.compact()
}

// dropOldest removes the oldest live key.
func (m *MemoryDeduper) dropOldest() {
	for m.head < len(m.order) {
		o := m.order[m.head]
		m.order[m.head] = memOrder{}
		m.head++
		if e, ok := m.keys[o.key]; ok && e.gen == o.gen {
			delete(m.keys, o.key)
			break
		}
	}
	m.compact()
}

// compact reclaims the consumed front of order, and entries left behind by
// Release, once they make up half of it.
func (m *MemoryDeduper) compact() {
	if m.head == len(m.order) {
		m.order, m.head = m.order[:0], 0
		return
	}
	if m.head > len(m.order)/2 || len(m.order) > 2*m.maxKeys {
		live := m.order[:0]
		for _, o := range m.order[m.head:] {
			if e, ok := m.keys[o.key]; ok && e.gen == o.gen {
				live = append(live, o)
			}
		}
		clear(m.order[len(live):])
		m.order, m.head = live, 0
	}
}

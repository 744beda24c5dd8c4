package main

import (
	"context"
	"fmt"
	"sync"
)

// mailbox routes the events the webhook handlers receive to the order waiting for them,
// by a key such as "whoop:<requisition id>". An event may arrive before its order starts
// waiting (a fake can answer a create after its webhook went out), so each key has a
// buffered box, made by whichever side comes first.
type mailbox struct {
	mu    sync.Mutex
	boxes map[string]chan any
}

// boxSize bounds the events one key can hold unread; an order gets a handful per key.
const boxSize = 64

func newMailbox() *mailbox { return &mailbox{boxes: map[string]chan any{}} }

func (m *mailbox) box(key string) chan any {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.boxes[key]
	if !ok {
		b = make(chan any, boxSize)
		m.boxes[key] = b
	}
	return b
}

// post hands v to the order waiting on key. It never blocks a webhook worker: a full box
// is an error, which the handler reports and the sender's redelivery retries.
func (m *mailbox) post(key string, v any) error {
	select {
	case m.box(key) <- v:
		return nil
	default:
		return fmt.Errorf("mailbox %s is full", key)
	}
}

// wait returns the first event on key that match accepts, dropping the others.
func (m *mailbox) wait(ctx context.Context, key string, match func(any) bool) (any, error) {
	b := m.box(key)
	for {
		select {
		case v := <-b:
			if match == nil || match(v) {
				return v, nil
			}
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", key, context.Cause(ctx))
		}
	}
}

// close forgets key once its order is done with it.
func (m *mailbox) close(key string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.boxes, key)
}

package dispatch

import "sync"

// flights tracks the deliveries this handler is processing before it
// answers (WithSync and NewHandler with a Deduper), so that a duplicate
// arriving meanwhile (a sender's retry after its own timeout) is answered
// with the original's outcome rather than acknowledged while the original
// may still fail.
type flights struct {
	mu sync.Mutex
	m  map[string]*flight
}

// flight is one delivery in progress; ok is set before done is closed.
type flight struct {
	done chan struct{}
	ok   bool
}

// join returns the flight of key, and true when the caller started it and
// must finish it.
func (f *flights) join(key string) (*flight, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl, ok := f.m[key]; ok {
		return fl, false
	}
	if f.m == nil {
		f.m = make(map[string]*flight)
	}
	fl := &flight{done: make(chan struct{})}
	f.m[key] = fl
	return fl, true
}

// finish records the outcome of the flight of key and wakes its waiters.
func (f *flights) finish(key string, fl *flight, ok bool) {
	f.mu.Lock()
	delete(f.m, key)
	f.mu.Unlock()
	fl.ok = ok
	close(fl.done)
}

package dispatch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// observations records what an Observer received, as "kind:field..." lines.
type observations struct {
	mu  sync.Mutex
	all []Observation
}

func (o *observations) Observe(x Observation) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.all = append(o.all, x)
}

// lines renders each observation's fixed fields (durations as set or not).
func (o *observations) lines() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	for _, x := range o.all {
		out = append(out, fmt.Sprintf("%s src=%s type=%s cat=%s status=%d attempt=%d timed=%t depth=%d",
			x.Kind, x.Source, x.EventType, x.Category, x.Status, x.Attempt, x.Duration > 0, x.QueueDepth))
	}
	return out
}

// Issue 20 item 3: the runtime reports what happens through one small
// interface: accepted, duplicate, refused, completed, retried,
// dead-lettered, answer latency, call duration and queue depth. Nothing in
// an Observation comes from the payload.
func TestObserverSeesEveryStepAsync(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		obs := &observations{}
		calls := 0
		h, err := NewEventHandler(v, func(context.Context, Event) error {
			calls++
			time.Sleep(time.Millisecond) // a measurable call
			switch calls {
			case 1:
				return errors.New("db down")
			case 3:
				return errOutcomeUnknown503
			}
			return nil
		}, WithObserver(obs), WithEventType(typeOf), WithSource("acme"), WithDeduper(mustDeduper(t)),
			WithRetries(3, time.Second, time.Second), WithWorkers(1))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code) // duplicate
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(2), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		require.Equal(t, 401, serve(h, signedRequest(now, phiBody(3), "wrong-secret")).Code)
		require.NoError(t, h.Shutdown(context.Background()))

		got := obs.lines()
		want := []string{
			"accepted src=acme type=order.created cat= status=0 attempt=0 timed=false depth=1",
			"answered src=acme type= cat= status=200 attempt=0 timed=false depth=1", // no fake time passes before the answer
			"retried src=acme type=order.created cat=error status=0 attempt=1 timed=true depth=0",
			"completed src=acme type=order.created cat= status=0 attempt=2 timed=true depth=0",
			"duplicate src=acme type= cat= status=0 attempt=0 timed=false depth=0",
			"answered src=acme type= cat= status=200 attempt=0 timed=false depth=0",
			"accepted src=acme type=order.created cat= status=0 attempt=0 timed=false depth=1",
			"answered src=acme type= cat= status=200 attempt=0 timed=false depth=1",
			"dead_lettered src=acme type=order.created cat=outcome_unknown status=0 attempt=1 timed=true depth=0",
			"refused src=acme type= cat= status=401 attempt=0 timed=false depth=0",
			"answered src=acme type= cat= status=401 attempt=0 timed=false depth=0",
		}
		// The worker may start before the answer is written: compare the
		// answers and the worker's steps each in their own order.
		assert.ElementsMatch(t, want, got)
		for _, l := range got {
			assert.NotContains(t, l, "CANARY")
		}
	})
}

// The inbox and sync modes report the same kinds; the inbox's answer
// latency is the durable acknowledgement's.
func TestObserverInboxAndSync(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		now := time.Unix(vecT, 0)
		v := newTS(t, now, []string{vecSecret})
		obs := &observations{}
		h, err := NewEventHandler(v, func(context.Context, Event) error { return Permanent(errors.New("bad")) },
			WithObserver(obs), WithInbox(mustMemoryInbox(t)), WithSource("s"), WithEventType(typeOf))
		require.NoError(t, err)
		require.Equal(t, 200, serve(h, signedRequest(now, phiBody(1), vecSecret)).Code)
		require.NoError(t, h.WaitIdle(context.Background()))
		require.NoError(t, h.Shutdown(context.Background()))
		assert.ElementsMatch(t, []string{
			"accepted src=s type=order.created cat= status=0 attempt=0 timed=false depth=-1",
			"answered src=s type= cat= status=200 attempt=0 timed=false depth=-1",
			"dead_lettered src=s type=order.created cat=permanent status=0 attempt=1 timed=false depth=-1",
		}, obs.lines())

		obs = &observations{}
		s, err := NewEventHandler(v, func(context.Context, Event) error { return errors.New("db down") },
			WithObserver(obs), WithSync(), WithEventType(typeOf), WithDeadLetter(func(context.Context, Event, error) {}))
		require.NoError(t, err)
		require.Equal(t, 500, serve(s, signedRequest(now, phiBody(1), vecSecret)).Code)
		assert.Equal(t, []string{
			"accepted src=default type=order.created cat= status=0 attempt=0 timed=false depth=-1",
			"retried src=default type=order.created cat=error status=0 attempt=1 timed=false depth=-1",
			"answered src=default type= cat= status=500 attempt=0 timed=false depth=-1",
		}, obs.lines())
		_, err = NewEventHandler(v, nopProcess, WithObserver(nil))
		assert.ErrorIs(t, err, ErrInvalidConfig)
	})
}

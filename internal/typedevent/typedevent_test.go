package typedevent_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/typedevent"
	"github.com/labwire/labwire/webhook/dispatch"
)

type kind string

func (k kind) IsKnown() bool { return k == "order.created" }

type event struct{ Type kind }

var errParse = errors.New("not an event")

func parse(body []byte) (*event, error) {
	if string(body) == "bad" {
		return nil, errParse
	}
	return &event{Type: kind(body)}, nil
}

func TestProcess(t *testing.T) {
	t.Parallel()
	var got *event
	errHandle := errors.New("handler failed")
	process := typedevent.Process(parse, func(_ context.Context, e *event) error {
		got = e
		if e.Type == "fail" {
			return errHandle
		}
		return nil
	})

	require.NoError(t, process(context.Background(), dispatch.Event{Body: []byte("order.created")}))
	assert.Equal(t, kind("order.created"), got.Type)

	err := process(context.Background(), dispatch.Event{Body: []byte("fail")})
	assert.ErrorIs(t, err, errHandle)
	assert.NotErrorIs(t, err, dispatch.ErrPermanent, "a handler's error is returned as it is")

	got = nil
	err = process(context.Background(), dispatch.Event{Body: []byte("bad")})
	assert.ErrorIs(t, err, errParse)
	assert.ErrorIs(t, err, dispatch.ErrPermanent, "a body that does not parse is not retried")
	assert.Nil(t, got, "handle is not called when the body does not parse")
}

func TestTypeOf(t *testing.T) {
	t.Parallel()
	typeOf := typedevent.TypeOf[kind]("type")
	for _, tc := range []struct{ name, body, want string }{
		{"known", `{"type":"order.created","id":"x"}`, "order.created"},
		{"escaped", `{"type":"order\u002ecreated"}`, "order.created"},
		{"undocumented", `{"type":"order.deleted"}`, typedevent.Unknown},
		{"patient data is never returned", `{"type":"Jane Doe"}`, typedevent.Unknown},
		{"another member", `{"kind":"order.created"}`, typedevent.Unknown},
		{"nested", `{"data":{"type":"order.created"}}`, typedevent.Unknown},
		{"not a string", `{"type":1}`, typedevent.Unknown},
		{"not JSON", `type=order.created`, typedevent.Unknown},
		{"empty", ``, typedevent.Unknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, typeOf([]byte(tc.body)))
		})
	}
}

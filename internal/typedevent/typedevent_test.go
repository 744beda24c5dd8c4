package typedevent_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/transport"
	"github.com/labwire/labwire/internal/typedevent"
	"github.com/labwire/labwire/webhook"
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

func handlerOf() typedevent.Handler[*event] {
	return typedevent.Handler[*event]{
		Vendor: "acme", Parse: parse, TypeOf: typedevent.TypeOf[kind]("type"),
		DedupTTL: time.Hour, DedupKeys: 10,
		Options: []dispatch.HandlerOption{dispatch.WithSuccessStatus(http.StatusNoContent)},
	}
}

func TestHandlerRefusesNil(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"secret"})
	require.NoError(t, err)
	handle := func(context.Context, *event) error { return nil }
	for _, tc := range []struct {
		field  string
		v      *webhook.Verifier
		handle func(context.Context, *event) error
	}{
		{"verifier", nil, handle},
		{"handle", v, nil},
	} {
		_, err := handlerOf().New(tc.v, tc.handle, nil)
		var ve *transport.ValidationError
		require.ErrorAs(t, err, &ve, tc.field)
		assert.Equal(t, transport.ValidationError{Vendor: "acme", Field: tc.field, Reason: "must not be nil"}, *ve)
	}
}

func TestHandlerDelivers(t *testing.T) {
	t.Parallel()
	v, err := webhook.NewBodyHMAC("X-Signature", []string{"secret"})
	require.NoError(t, err)
	var got []kind
	h, err := handlerOf().New(v, func(_ context.Context, e *event) error {
		got = append(got, e.Type)
		return nil
	}, []dispatch.HandlerOption{dispatch.WithSync()})
	require.NoError(t, err)
	t.Cleanup(func() { _ = h.Shutdown(context.Background()) })

	post := func(body string) int {
		req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature", webhook.SignBody("secret", []byte(body)))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	assert.Equal(t, http.StatusNoContent, post("order.created"), "the vendor's options apply")
	assert.Equal(t, http.StatusNoContent, post("order.created"), "a duplicate is acknowledged")
	assert.Equal(t, []kind{"order.created"}, got, "a duplicate is not processed again")
	assert.Equal(t, http.StatusNoContent, post("bad"), "a body that does not parse is dead-lettered, not retried")
	assert.Equal(t, []kind{"order.created"}, got)
}

package transport

// A hand-written HTTP/2 (h2c) server, to send what net/http's server never does: an
// RST_STREAM with PROTOCOL_ERROR after reading a request's body, on which net/http's client
// would resend a request with GetBody up to six times, below the retry policy.

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	h2Data         = 0x0
	h2Headers      = 0x1
	h2RSTStream    = 0x3
	h2Settings     = 0x4
	h2Ping         = 0x6
	h2GoAway       = 0x7
	h2FlagEnd      = 0x1 // END_STREAM, or ACK on SETTINGS and PING
	h2ProtocolErr  = 0x1
	h2RefusedErr   = 0x7
	h2ClientPrefix = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
)

func writeH2Frame(w io.Writer, typ, flags byte, stream uint32, payload []byte) error {
	var hdr [9]byte
	hdr[0], hdr[1], hdr[2] = byte(len(payload)>>16), byte(len(payload)>>8), byte(len(payload))
	hdr[3], hdr[4] = typ, flags
	binary.BigEndian.PutUint32(hdr[5:], stream&0x7fffffff)
	if _, err := w.Write(hdr[:]); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

// h2Server answers every request whose body it has read (its stream ended) with onBody,
// which writes frames for that stream. It counts the requests it read.
func h2Server(t *testing.T, onBody func(w io.Writer, stream uint32) error) (addr string, bodies *atomic.Int64) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	bodies = new(atomic.Int64)
	var wg sync.WaitGroup
	t.Cleanup(func() { _ = l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() {
				defer conn.Close()
				go func() { <-t.Context().Done(); _ = conn.Close() }()
				br := bufio.NewReader(conn)
				pre := make([]byte, len(h2ClientPrefix))
				if _, err := io.ReadFull(br, pre); err != nil || string(pre) != h2ClientPrefix {
					return
				}
				var mu sync.Mutex // one writer at a time
				write := func(typ, flags byte, stream uint32, p []byte) error {
					mu.Lock()
					defer mu.Unlock()
					return writeH2Frame(conn, typ, flags, stream, p)
				}
				if write(h2Settings, 0, 0, nil) != nil {
					return
				}
				for {
					var hdr [9]byte
					if _, err := io.ReadFull(br, hdr[:]); err != nil {
						return
					}
					n := int(hdr[0])<<16 | int(hdr[1])<<8 | int(hdr[2])
					typ, flags := hdr[3], hdr[4]
					stream := binary.BigEndian.Uint32(hdr[5:]) & 0x7fffffff
					payload := make([]byte, n)
					if _, err := io.ReadFull(br, payload); err != nil {
						return
					}
					switch {
					case typ == h2Settings && flags&h2FlagEnd == 0:
						_ = write(h2Settings, h2FlagEnd, 0, nil)
					case typ == h2Ping && flags&h2FlagEnd == 0:
						_ = write(h2Ping, h2FlagEnd, 0, payload)
					case (typ == h2Data || typ == h2Headers) && flags&h2FlagEnd != 0:
						bodies.Add(1)
						mu.Lock()
						err := onBody(conn, stream)
						mu.Unlock()
						if err != nil {
							return
						}
					}
				}
			})
		}
	})
	return l.Addr().String(), bodies
}

// h2cSettings is a client of the h2 server over cleartext HTTP/2 (prior knowledge), on the
// hardened transport.
func h2cSettings(t *testing.T, addr string) Settings {
	tr := newHardenedTransport()
	tr.Protocols = new(http.Protocols)
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections)
	s := testSettings(tr)
	s.BaseURL = "http://" + addr + "/api"
	s.RetryWaitMin, s.RetryWaitMax = 1, 2
	return s
}

// Issue 7 item 1, over HTTP/2: a server that reads a write's body and then resets its
// stream with PROTOCOL_ERROR sees the write once. net/http's HTTP/2 client would resend any
// request with a GetBody on that error, up to six times; the retry policy alone decides.
func TestWriteNotReplayedByHTTP2OnProtocolError(t *testing.T) {
	t.Parallel()
	for _, method := range []string{http.MethodPost, http.MethodPatch, http.MethodPut, "POST without body", http.MethodDelete} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			addr, bodies := h2Server(t, func(w io.Writer, stream uint32) error {
				var code [4]byte
				binary.BigEndian.PutUint32(code[:], h2ProtocolErr)
				return writeH2Frame(w, h2RSTStream, 0, stream, code[:])
			})
			c := newClient(t, h2cSettings(t, addr))
			r := post("/orders", map[string]string{"patient": "Jane"})
			r.Method = method
			if method == "POST without body" || method == http.MethodDelete {
				r.Method, r.JSON = strings.Fields(method)[0], nil
			}
			r.MaxRetries = NoRetries

			_, err := c.Do(t.Context(), r, nil)

			require.Error(t, err)
			assert.Equal(t, int64(1), bodies.Load(), "the write reached the server once")
			if r.Method == http.MethodPost || r.Method == http.MethodPatch {
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
			}
		})
	}
}

// A write the HTTP/2 server refused (REFUSED_STREAM: by the protocol, not processed) is
// retried by the retry policy, counted in Attempts: the server sees exactly the attempts the
// policy made, and the call succeeds. With retries disabled it fails, outcome known.
func TestHTTP2RefusedStreamRetriedByPolicy(t *testing.T) {
	t.Parallel()
	for _, retries := range []int{0, NoRetries} {
		t.Run(strconv.Itoa(retries), func(t *testing.T) {
			t.Parallel()
			var n atomic.Int64
			addr, bodies := h2Server(t, func(w io.Writer, stream uint32) error {
				if n.Add(1) == 1 {
					var code [4]byte
					binary.BigEndian.PutUint32(code[:], h2RefusedErr)
					return writeH2Frame(w, h2RSTStream, 0, stream, code[:])
				}
				return writeH2Frame(w, h2Headers, 0x4|h2FlagEnd, stream, []byte{0x88}) // :status 200
			})
			c := newClient(t, h2cSettings(t, addr))
			r := post("/orders", map[string]string{"patient": "Jane"})
			r.MaxRetries = retries

			meta, err := c.Do(t.Context(), r, nil)

			if retries == NoRetries {
				require.Error(t, err)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a refused stream was not processed")
				assert.Equal(t, int64(1), bodies.Load())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, 2, meta.Attempts)
			assert.Equal(t, int64(meta.Attempts), bodies.Load(), "every resend is one of ours")
		})
	}
}

// refusedByServer matches net/http's own texts only, anchored, so a GOAWAY debug string or
// any other server text that quotes them does not make a processed write look refused.
func TestRefusedByServerAnchored(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		msg  string
		want bool
	}{
		{"stream error: stream ID 3; REFUSED_STREAM", true},
		{"stream error: stream ID 3; REFUSED_STREAM; received from peer", true},
		{"http2: Transport: cannot retry err [stream error: stream ID 1; REFUSED_STREAM; received from peer] after Request.Body was written; define Request.GetBody to avoid this error", true},
		{"http2: Transport received Server's graceful shutdown GOAWAY", true},
		{"http2: Transport: cannot retry err [http2: Transport received Server's graceful shutdown GOAWAY] after Request.Body was written; define Request.GetBody to avoid this error", true},
		{`http2: server sent GOAWAY and closed the connection; LastStreamID=1, ErrCode=NO_ERROR, debug="stream error: stream ID 1; REFUSED_STREAM"`, false},
		{"stream error: stream ID 1; PROTOCOL_ERROR; received from peer", false},
		{"stream error: stream ID 1; REFUSED_STREAM\n", false},
		{"read tcp: connection reset by peer", false},
	} {
		assert.Equal(t, tc.want, refusedByServer(errors.New(tc.msg)), tc.msg)
	}
}

package fake

import (
	"io"
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPrefixServesBothFormsAndRecordsThePathAsSent(t *testing.T) {
	t.Parallel()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v2/items/{id}", func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id"), "path": r.URL.Path})
	})
	s := Start(t, mux, WithPrefix("/developer/"))
	s.Script(Fault{Route: "GET /v2/items/{id}", Status: http.StatusTooManyRequests})

	assert.Equal(t, s.Origin()+"/developer", s.URL, "URL is the base URL")
	get := func(path string) (int, string) {
		resp, err := s.Client().Get(s.Origin() + path)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	st, _ := get("/developer/v2/items/1")
	assert.Equal(t, http.StatusTooManyRequests, st, "the fault's route matches without the prefix")
	st, body := get("/developer/v2/items/a%2Fb")
	assert.Equal(t, http.StatusOK, st)
	assert.JSONEq(t, `{"id":"a/b","path":"/v2/items/a/b"}`, body, "the handler sees the route without the prefix")
	st, _ = get("/v2/items/2")
	assert.Equal(t, http.StatusOK, st, "the bare routes are served too")
	st, _ = get("/developerx/v2/items/3")
	assert.Equal(t, http.StatusNotFound, st, "a prefix matches whole segments only")

	got := s.RequestsMatching("GET /v2/items/{id}")
	require.Len(t, got, 3)
	assert.Equal(t, "/developer/v2/items/1", got[0].Path, "recorded as sent")
	assert.Equal(t, "/developer/v2/items/a%2Fb", got[1].EscapedPath)
	assert.Equal(t, "/v2/items/2", got[2].Path)
	assert.Empty(t, s.PendingFaults())
}

func TestStartClosesOnCleanup(t *testing.T) {
	var s *Server
	t.Run("inner", func(t *testing.T) {
		s = Start(t, http.NotFoundHandler())
		resp, err := s.Client().Get(s.URL)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
	})
	_, err := s.Client().Get(s.URL)
	assert.Error(t, err, "closed when the test that started it ended")
}

func TestWithListenerServesOnTheGivenListener(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := Start(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		WriteJSON(w, http.StatusOK, map[string]string{"host": r.Host})
	}), WithListener(l))
	assert.Equal(t, "http://"+l.Addr().String(), s.URL)
	resp, err := s.Client().Get(s.URL + "/x")
	require.NoError(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	assert.JSONEq(t, `{"host":"`+l.Addr().String()+`"}`, string(b))
	require.Len(t, s.Requests(), 1)
}

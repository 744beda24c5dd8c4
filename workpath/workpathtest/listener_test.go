package workpathtest_test

import (
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath/workpathtest"
)

// WithListener serves the fake on the caller's listener: URL names its address, the
// routes answer there, and Close closes it.
func TestWithListenerServesOnTheGivenListener(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	srv, err := workpathtest.NewServer(workpathtest.WithListener(l))
	require.NoError(t, err)
	assert.Equal(t, "http://"+l.Addr().String(), srv.URL)
	resp, err := http.Get(srv.URL + "/appointments/1")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, "the fake answers on the listener and checks the token")
	srv.Close()
	_, err = net.Dial("tcp", l.Addr().String())
	assert.Error(t, err, "Close closed the listener")

	_, err = workpathtest.NewServer(workpathtest.WithListener(nil))
	assert.Error(t, err)
}

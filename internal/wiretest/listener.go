package wiretest

import (
	"net"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// AssertServesOnListener checks a vendor fake's WithListener: start serves the fake on the
// listener it is given (nil included, which must fail) and returns its URL and Close. The
// URL must name the listener's address, path must answer wantStatus there, and Close must
// close the listener.
func AssertServesOnListener(t *testing.T, start func(net.Listener) (url string, closeFn func(), err error), path string, wantStatus int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url, closeFn, err := start(l)
	require.NoError(t, err)
	assert.Equal(t, "http://"+l.Addr().String(), url)
	resp, err := http.Get(url + path)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, wantStatus, resp.StatusCode, "the fake answers on the listener")
	closeFn()
	_, err = net.Dial("tcp", l.Addr().String())
	assert.Error(t, err, "Close closed the listener")

	_, _, err = start(nil)
	assert.Error(t, err, "a nil listener is refused")
}

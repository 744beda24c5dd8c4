package rupatest_test

import (
	"net"
	"net/http"
	"testing"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/rupa/rupatest"
)

// WithListener serves the fake on the caller's listener: URL names its address, the
// routes answer there (checking credentials), and Close closes it.
func TestWithListenerServesOnTheGivenListener(t *testing.T) {
	t.Parallel()
	wiretest.AssertServesOnListener(t, func(l net.Listener) (string, func(), error) {
		srv, err := rupatest.NewServer(rupatest.WithListener(l))
		if err != nil {
			return "", nil, err
		}
		return srv.URL, srv.Close, nil
	}, "/patients", http.StatusUnauthorized)
}

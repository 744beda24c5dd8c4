package workpath_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

const retryPDF = "%PDF-1.4 synthetic requisition\n%%EOF\n"

// rewindable returns upload contents that can be re-read (they have Seek), each positioned
// at the start of retryPDF: a strings.Reader, a bytes.Reader, a file, and a reader already
// advanced past a prefix that is not part of the upload.
func rewindable(t *testing.T) map[string]func() io.Reader {
	t.Helper()
	path := filepath.Join(t.TempDir(), "requisition.pdf")
	require.NoError(t, os.WriteFile(path, []byte(retryPDF), 0o600))
	return map[string]func() io.Reader{
		"strings.Reader": func() io.Reader { return strings.NewReader(retryPDF) },
		"bytes.Reader":   func() io.Reader { return bytes.NewReader([]byte(retryPDF)) },
		"os.File": func() io.Reader {
			f, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { _ = f.Close() })
			return f
		},
		"advanced": func() io.Reader {
			r := strings.NewReader("PREFIX" + retryPDF)
			_, err := r.Seek(int64(len("PREFIX")), io.SeekStart)
			require.NoError(t, err)
			return r
		},
	}
}

// Issue 18 item 2: an upload whose content can be re-read (it has Seek) is retried where
// Workpath processed nothing: after a 429, the same bytes are sent again; a stream that
// cannot be re-read stays single-shot (TestUploadIsNeverRetried). A 503 or a dropped
// connection after the body was sent is still not retried: the document may be attached.
func TestIssue18Item2RewindableUploadRetried(t *testing.T) {
	t.Parallel()
	for name, content := range rewindable(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, c := newClient(t)
			ctx := context.Background()
			intakeID, _ := createAppointment(t, c)

			srv.Script(workpathtest.Fault{Route: workpathtest.RouteIntakeDocument, Status: http.StatusTooManyRequests, RetryAfter: "0"},
				workpathtest.Fault{Route: workpathtest.RouteIntakeDocument, Status: http.StatusTooManyRequests})
			d, err := c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "r.pdf", ContentType: "application/pdf", Content: content()})
			require.NoError(t, err)
			assert.Equal(t, "r.pdf", d.Name)
			sent := srv.RequestsMatching(workpathtest.RouteIntakeDocument)
			require.Len(t, sent, 3, "two 429s, then the upload")
			for _, r := range sent[1:] {
				assert.Equal(t, string(sent[0].Body), string(r.Body), "every attempt sends the same bytes")
			}
			in, _ := srv.Intake(intakeID)
			require.Len(t, in.Documents, 1)
			assert.EqualValues(t, len(retryPDF), in.Documents[0].Size)

			for _, f := range []workpathtest.Fault{
				{Route: workpathtest.RouteIntakeDocument, Status: http.StatusServiceUnavailable},
				{Route: workpathtest.RouteIntakeDocument, Drop: workpathtest.DropAfterBody},
			} {
				before := len(srv.RequestsMatching(workpathtest.RouteIntakeDocument))
				srv.Script(f)
				_, err = c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "r.pdf", Content: content()})
				require.ErrorIs(t, err, workpath.ErrOutcomeUnknown)
				assert.Len(t, srv.RequestsMatching(workpathtest.RouteIntakeDocument), before+1, "not resent after %d %v", f.Status, f.Drop)
			}
		})
	}
}

// refusingDialer refuses the next dial when armed, as a server that is not listening.
type refusingDialer struct{ armed atomic.Bool }

func (d *refusingDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	if d.armed.CompareAndSwap(true, false) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	return (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, network, addr)
}

// Issue 18 item 2: a rewindable upload refused before anything was sent (connection
// refused) is retried; a stream that cannot be re-read is not, and fails without having
// reached Workpath (not ErrOutcomeUnknown).
func TestIssue18Item2RewindableUploadRetriedAfterRefusedConnection(t *testing.T) {
	t.Parallel()
	dialer := &refusingDialer{}
	hc := &http.Client{Transport: &http.Transport{DialContext: dialer.DialContext, DisableKeepAlives: true}}
	srv, c := newClient(t, workpath.WithHTTPClient(hc))
	ctx := context.Background()
	intakeID, _ := createAppointment(t, c)
	for name, content := range rewindable(t) {
		before := len(srv.RequestsMatching(workpathtest.RouteIntakeDocument))
		dialer.armed.Store(true)
		_, err := c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "r.pdf", Content: content()})
		require.NoError(t, err, name)
		sent := srv.RequestsMatching(workpathtest.RouteIntakeDocument)
		require.Len(t, sent, before+1, name)
		assert.Contains(t, string(sent[len(sent)-1].Body), retryPDF, name)
	}

	before := len(srv.RequestsMatching(workpathtest.RouteIntakeDocument))
	dialer.armed.Store(true)
	_, err := c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "r.pdf", Content: onlyReader{strings.NewReader(retryPDF)}})
	require.Error(t, err)
	assert.NotErrorIs(t, err, workpath.ErrOutcomeUnknown, "refused before sending")
	assert.Len(t, srv.RequestsMatching(workpathtest.RouteIntakeDocument), before, "never reached Workpath")
}

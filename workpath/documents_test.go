package workpath_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// parts reads a recorded multipart body into name -> (filename, content type, content).
func parts(t *testing.T, seen wiretest.Seen) map[string][3]string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(seen.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/form-data", mt)
	r := multipart.NewReader(bytes.NewReader(seen.Body), params["boundary"])
	out := map[string][3]string{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return out
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		out[p.FormName()] = [3]string{p.FileName(), p.Header.Get("Content-Type"), string(b)}
	}
}

// onlyReader hides every method but Read (no Len, no Seek): a true stream.
type onlyReader struct{ r io.Reader }

func (o onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestWireUploadDocuments(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	intakeID, apptID := createAppointment(t, c)
	pdf := "%PDF-1.4 requisition for a synthetic patient\n%%EOF\n"

	d, err := c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "requisition.pdf", ContentType: "application/pdf",
		Content: onlyReader{strings.NewReader(pdf)}})
	require.NoError(t, err)
	seen := last(t, srv, workpathtest.RouteIntakeDocument)
	wiretest.AssertRequest(t, seen, wiretest.Want{Method: "POST", Path: "/intakes/" + itoa(intakeID) + "/documents", AnyBody: true})
	bearer(t, seen)
	assert.Equal(t, map[string][3]string{"file": {"requisition.pdf", "application/pdf", pdf}}, parts(t, seen))
	assert.Equal(t, "intake", d.Documentable)
	assert.Equal(t, intakeID, d.DocumentableID)
	assert.Equal(t, "requisition.pdf", d.Name)
	in, _ := srv.Intake(intakeID)
	require.Len(t, in.Documents, 1)
	assert.EqualValues(t, len(pdf), in.Documents[0].Size)

	// With a size, a Content-Length is sent and the fields come first.
	d, err = c.Appointments.UploadDocument(ctx, apptID, &workpath.DocumentUpload{Filename: "cert.pdf", Name: "2004 Certification",
		Content: strings.NewReader(pdf), Size: int64(len(pdf))})
	require.NoError(t, err)
	seen = last(t, srv, workpathtest.RouteAddDocument)
	assert.Equal(t, map[string][3]string{"file": {"cert.pdf", "application/octet-stream", pdf}, "name": {"", "", "2004 Certification"}}, parts(t, seen))
	assert.Equal(t, itoa(int64(len(seen.Body))), seen.Header.Get("Content-Length"))
	assert.Equal(t, "2004 Certification", d.Name)
	_, err = c.Appointments.DeleteDocument(ctx, apptID, d.ID)
	require.NoError(t, err)
	wiretest.AssertRequest(t, last(t, srv, workpathtest.RouteDeleteDocument), wiretest.Want{Method: "DELETE", Path: "/appointments/" + itoa(apptID) + "/documents/" + itoa(d.ID)})
}

// A streamed upload whose content cannot be re-read is sent once: a 503 or a 429 is the
// answer, not a reason to resend. (A rewindable one, and any one after a 503 or a drop:
// TestIssue18Item2RewindableUploadRetried.)
func TestUploadIsNeverRetried(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	intakeID, _ := createAppointment(t, c)
	for _, f := range []workpathtest.Fault{
		{Route: workpathtest.RouteIntakeDocument, Status: 503},
		{Route: workpathtest.RouteIntakeDocument, Status: 429, RetryAfter: "0"},
		{Route: workpathtest.RouteIntakeDocument, Drop: workpathtest.DropAfterBody},
	} {
		before := len(srv.RequestsMatching(workpathtest.RouteIntakeDocument))
		srv.Script(f)
		_, err := c.Intakes.UploadDocument(ctx, intakeID, &workpath.DocumentUpload{Filename: "a.pdf", Content: onlyReader{strings.NewReader("x")}})
		require.Error(t, err)
		assert.Len(t, srv.RequestsMatching(workpathtest.RouteIntakeDocument), before+1, "status %d drop %v", f.Status, f.Drop)
		if f.Status != 429 {
			assert.ErrorIs(t, err, workpath.ErrOutcomeUnknown)
		}
	}
	in, _ := srv.Intake(intakeID)
	assert.Empty(t, in.Documents)
}

func TestUploadChecks(t *testing.T) {
	t.Parallel()
	srv, c := newClient(t)
	ctx := context.Background()
	for field, u := range map[string]*workpath.DocumentUpload{
		"Content":  {Filename: "a.pdf"},
		"Filename": {Filename: `a"b.pdf`, Content: strings.NewReader("x")},
		"Name":     {Filename: "a.pdf", Content: strings.NewReader("x"), Name: "title"},
		"Size":     {Filename: "a.pdf", Content: strings.NewReader("x"), Size: -1},
	} {
		_, err := c.Intakes.UploadDocument(ctx, 1, u)
		var ve *workpath.ValidationError
		require.ErrorAs(t, err, &ve, field)
		assert.Equal(t, field, ve.Field)
	}
	assert.Empty(t, srv.Requests())
}

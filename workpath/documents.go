package workpath

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

// DocumentUpload is a file to attach to an intake or an appointment. The content is
// streamed from Content as the request is written, never read into memory, so a document of
// any size costs a few kilobytes of buffer.
//
// Retries: content that can be re-read (an io.Seeker: an *os.File, a *bytes.Reader, a
// *strings.Reader) is sent again, from the offset it had when the upload started, where
// Workpath processed nothing: after a 429, or when the connection was refused before
// anything was sent. A stream that cannot be re-read is sent once and never retried, not
// even then. No upload is retried after a 5xx or a 401 (the client's token is fetched
// before sending, so a 401 means the token was revoked). A failure after the body started
// to go out is ErrOutcomeUnknown: Workpath has no idempotency key, so uploading again may
// attach a second copy; read the intake or appointment first.
type DocumentUpload struct {
	// Filename is sent in the part's Content-Disposition, e.g. "requisition.pdf". Required.
	Filename string
	// ContentType of the file, e.g. "application/pdf" (default application/octet-stream).
	ContentType string
	// Content is read to its end while the request is sent: once, or again for a retry
	// when it is an io.Seeker (see above). It is not closed. Required.
	Content io.Reader
	// Size is the content's length in bytes, when known: the request then carries a
	// Content-Length instead of being chunked. 0 means unknown.
	Size int64
	// Name is the document's title ("2004 Certification"), sent as the "name" field. Only
	// appointment documents take it.
	Name string
}

func (u *DocumentUpload) validate(nameAllowed bool) error {
	switch {
	case u == nil:
		return invalid("upload", "must not be nil")
	case u.Content == nil:
		return invalid("Content", "must not be nil")
	case strings.TrimSpace(u.Filename) == "" || strings.ContainsAny(u.Filename, "\r\n\"\\/") || strings.Trim(u.Filename, ".") == "":
		return invalid("Filename", "must be a plain file name without quotes, slashes or line breaks, not . or ..")
	case strings.ContainsAny(u.ContentType, "\r\n"):
		return invalid("ContentType", "must be one line")
	case u.Size < 0:
		return invalid("Size", "must not be negative")
	case u.Name != "" && !nameAllowed:
		return invalid("Name", "intake documents take no name")
	case strings.Contains(u.Name, "^"):
		return invalid("Name", "must not contain ^ (Workpath refuses it as a delimiter)")
	}
	return nil
}

// multipartBody is the body of one upload: the fields and the file part's header, the
// caller's content, and the closing boundary, chained without copying the content.
type multipartBody struct {
	head, tail []byte
	content    io.Reader
	size       int64 // total length, -1 unknown

	seeker io.Seeker // content, when it can be re-read
	start  int64     // content's offset when the body was first opened
	opened bool
}

func newMultipartBody(u *DocumentUpload) (*multipartBody, string, error) {
	var head bytes.Buffer
	w := multipart.NewWriter(&head)
	if u.Name != "" {
		if err := w.WriteField("name", u.Name); err != nil {
			return nil, "", err
		}
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+u.Filename+`"`)
	ct := u.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	if _, err := w.CreatePart(h); err != nil {
		return nil, "", err
	}
	headLen := head.Len()
	// Close writes "\r\n--boundary--\r\n": the part's content goes before it.
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	all := head.Bytes()
	b := &multipartBody{head: all[:headLen:headLen], tail: all[headLen:], content: u.Content, size: -1}
	b.seeker, _ = u.Content.(io.Seeker)
	if u.Size > 0 {
		b.size = int64(len(b.head)) + u.Size + int64(len(b.tail))
	}
	return b, w.FormDataContentType(), nil
}

// open returns the whole body; with a known size it reports its length, so the request
// carries a Content-Length. Content that can be re-read is sought back, for each opening
// after the first, to where it was at the first (the transport calls open again only for a
// retry, once the last attempt is done reading).
func (b *multipartBody) open() (io.Reader, error) {
	if b.seeker != nil {
		var err error
		if !b.opened {
			b.start, err = b.seeker.Seek(0, io.SeekCurrent)
		} else {
			_, err = b.seeker.Seek(b.start, io.SeekStart)
		}
		if err != nil {
			return nil, err
		}
	}
	b.opened = true
	r := io.MultiReader(bytes.NewReader(b.head), b.content, bytes.NewReader(b.tail))
	if b.size > 0 {
		return &sizedReader{Reader: r, n: b.size}, nil
	}
	return r, nil
}

// sizedReader is a stream whose total length is known.
type sizedReader struct {
	io.Reader
	n int64
}

// Len is the total length of the body.
func (s *sizedReader) Len() int { return int(s.n) }

// upload sends u to route as multipart/form-data, streamed.
func (c *Client) upload(ctx context.Context, op, route string, id int64, u *DocumentUpload, nameAllowed bool, opts []RequestOption) (*Document, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	if err := u.validate(nameAllowed); err != nil {
		return nil, err
	}
	body, ct, err := newMultipartBody(u)
	if err != nil {
		return nil, invalid("upload", "cannot encode the multipart header")
	}
	var out Document
	err = c.sendOne(ctx, transport.Request{
		Op: op, Method: http.MethodPost, Route: route, Params: []string{itoa(id)},
		Stream: body.open, StreamRewindable: body.seeker != nil, ContentType: ct,
	}, authBearer, opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UploadDocument attaches a document to an intake (a requisition, a consent form): the file
// is sent as the "file" part of a multipart/form-data body, streamed from u.Content. See
// DocumentUpload for when it is retried.
//
// POST /intakes/{id}/documents
func (s *IntakesService) UploadDocument(ctx context.Context, id int64, u *DocumentUpload, opts ...RequestOption) (*Document, error) {
	return s.c.upload(ctx, "intakes.upload_document", "/intakes/{id}/documents", id, u, false, opts)
}

// UploadDocument attaches a document to an appointment, with an optional title in u.Name,
// streamed from u.Content. See DocumentUpload for when it is retried.
//
// POST /appointments/{id}/documents
func (s *AppointmentsService) UploadDocument(ctx context.Context, id int64, u *DocumentUpload, opts ...RequestOption) (*Document, error) {
	return s.c.upload(ctx, "appointments.upload_document", "/appointments/{id}/documents", id, u, true, opts)
}

package workpathtest

import (
	"io"
	"mime"
	"net/http"

	"github.com/labwire/labwire/internal/fake"
)

// upload is a received multipart document: the "file" part and the optional "name" field.
type upload struct {
	filename, name, contentType string
	size                        int64
}

// readUpload reads a multipart/form-data body with a "file" part (required) and a "name"
// field, counting the file's bytes without keeping them.
func readUpload(w http.ResponseWriter, r *http.Request) (upload, bool) {
	var up upload
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/form-data" {
		fake.WriteError(w, http.StatusUnsupportedMediaType, "content type must be multipart/form-data")
		return up, false
	}
	mr, err := r.MultipartReader()
	if err != nil {
		fake.WriteError(w, http.StatusBadRequest, "multipart body could not be read")
		return up, false
	}
	seenFile := false
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			fake.WriteError(w, http.StatusBadRequest, "multipart body could not be read")
			return up, false
		}
		switch p.FormName() {
		case "file":
			if seenFile || p.FileName() == "" {
				fake.WriteError(w, http.StatusBadRequest, "file must be one part with a filename")
				return up, false
			}
			seenFile = true
			up.filename, up.contentType = p.FileName(), p.Header.Get("Content-Type")
			n, err := io.Copy(io.Discard, p)
			if err != nil {
				fake.WriteError(w, http.StatusBadRequest, "multipart body could not be read")
				return up, false
			}
			up.size = n
		case "name":
			b, err := io.ReadAll(io.LimitReader(p, 1024))
			if err != nil {
				fake.WriteError(w, http.StatusBadRequest, "multipart body could not be read")
				return up, false
			}
			up.name = string(b)
		default:
			fake.WriteError(w, http.StatusBadRequest, "unknown field "+p.FormName())
			return up, false
		}
	}
	if !seenFile {
		badRequest(w, problem(MessageMissing("file")))
		return up, false
	}
	return up, true
}

package ovation

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

// ReportsService is Client.Reports: report content going into Ovation.
type ReportsService struct{ c *Client }

// ReportUploadParams is the content of a report.
type ReportUploadParams struct {
	// RequisitionIdentifier is the report's requisition. Required.
	RequisitionIdentifier string `json:"requisitionIdentifier" phi:"id:requisition"`
	// Content is the report PDF; it is sent base64-encoded as reportContent. Required.
	Content []byte `json:"reportContent" phi:"count:content_bytes"`
}

// UploadContent puts the content of a report Ovation created (its id comes from a
// report_ready_for_generation or report_correction_ready_for_generation event). Ovation
// answers 201 per its support site and 200 per its 2022 docs; both succeed. 422 messages:
// "Report ID required", "Requisition not found", "Report not found", "Invalid Requisition
// for Report" (see ErrorDetailsOf). Uploading does not mark a report corrected: to correct
// one, sign the original, which makes Ovation create a new report (a new id) to upload to.
// It is a PUT of the whole content, so it is retried like a read.
//
// PUT /reports/{reportId}
func (s *ReportsService) UploadContent(ctx context.Context, reportID ID, p *ReportUploadParams, opts ...RequestOption) (*Message, error) {
	if err := checkID("reportID", reportID); err != nil {
		return nil, err
	}
	switch {
	case p == nil:
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	case p.RequisitionIdentifier == "":
		return nil, &ValidationError{Vendor: vendor, Field: "RequisitionIdentifier", Reason: "must not be empty"}
	case len(p.Content) == 0:
		return nil, &ValidationError{Vendor: vendor, Field: "Content", Reason: "must not be empty"}
	}
	var out Message
	err := s.c.sendLenient(ctx, transport.Request{
		Op: "reports.upload_content", Method: http.MethodPut, Route: "/reports/{reportId}",
		Params: []string{string(reportID)}, JSON: map[string]any{"report": p},
	}, opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ResourcesService is Client.Resources.
type ResourcesService struct{ c *Client }

// ResourceUploadParams attaches a PDF to a sample, or asks for a link to upload one.
type ResourceUploadParams struct {
	// OrganizationID, RequisitionIdentifier, SampleIdentifier and ResourceGroupName are
	// required.
	OrganizationID        ID     `json:"organizationId"`
	RequisitionIdentifier string `json:"requisitionIdentifier" phi:"id:requisition"`
	SampleIdentifier      string `json:"sampleIdentifier" phi:"id:sample"`
	ResourceGroupName     string `json:"resourceGroupName"`
	// FileContent is the PDF (Ovation accepts only PDF files), sent base64-encoded. Give it
	// or set ReturnUploadLink.
	FileContent []byte `json:"fileContent,omitempty" phi:"count:content_bytes"`
	// ReturnUploadLink asks for an S3 upload link instead; the uploaded file's name must
	// start with SampleIdentifier.
	ReturnUploadLink bool `json:"returnUploadLink,omitempty"`
}

// ResourceUpload is the answer of Upload: a confirmation, or the link to upload to.
type ResourceUpload struct {
	// Message confirms an upload ("Resource … successfully uploaded.").
	Message string `json:"message,omitempty"`
	// UploadLink is the S3 URL to upload to, when ReturnUploadLink was set. It grants
	// access: do not log it.
	UploadLink string `json:"uploadLink,omitempty"`
}

// Upload adds a PDF resource to a sample (201), or returns an upload link. 422 messages
// include "Sample not found" and "resourceGroupName required". A POST: never retried once
// it may have reached Ovation.
//
// POST /resources
func (s *ResourcesService) Upload(ctx context.Context, p *ResourceUploadParams, opts ...RequestOption) (*ResourceUpload, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil"}
	}
	if err := checkID("OrganizationID", p.OrganizationID); err != nil {
		return nil, err
	}
	for _, f := range []struct{ name, v string }{
		{"RequisitionIdentifier", p.RequisitionIdentifier}, {"SampleIdentifier", p.SampleIdentifier},
		{"ResourceGroupName", p.ResourceGroupName},
	} {
		if f.v == "" {
			return nil, &ValidationError{Vendor: vendor, Field: f.name, Reason: "must not be empty"}
		}
	}
	switch {
	case len(p.FileContent) == 0 && !p.ReturnUploadLink:
		return nil, &ValidationError{Vendor: vendor, Field: "FileContent", Reason: "give the PDF or set ReturnUploadLink"}
	case len(p.FileContent) > 0 && p.ReturnUploadLink:
		return nil, &ValidationError{Vendor: vendor, Field: "ReturnUploadLink", Reason: "must not be set with FileContent"}
	case len(p.FileContent) > 0 && !bytes.HasPrefix(p.FileContent, []byte("%PDF-")):
		return nil, &ValidationError{Vendor: vendor, Field: "FileContent", Reason: "must be a PDF (Ovation accepts only PDF files)"}
	}
	var out ResourceUpload
	err := s.c.send(ctx, transport.Request{
		Op: "resources.upload", Method: http.MethodPost, Route: "/resources", JSON: map[string]any{"resource": p},
	}, opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Download fetches a report's PDF from a report_signed or sample_rejected event's
// ReportDownloadLink, with the same Bearer API key as every call (as Ovation documents). The
// link must be under the client's base URL: the key is never sent to another host (a link
// elsewhere is refused before sending). The PDF is capped at WithMaxResponseBytes.
//
// GET {reportDownloadLink}
func (s *ReportsService) Download(ctx context.Context, link string, opts ...RequestOption) ([]byte, error) {
	bad := &ValidationError{Vendor: vendor, Field: "link", Reason: "must be an absolute URL under the client's base URL"}
	u, err := url.Parse(link)
	if err != nil || u.User != nil || u.Fragment != "" {
		return nil, bad
	}
	base := s.c.tc.BaseURL()
	prefix := base.String()
	if !strings.EqualFold(u.Scheme+"://"+u.Host, base.Origin()) || !strings.HasPrefix(u.EscapedPath(), strings.TrimPrefix(prefix, base.Origin())+"/") {
		return nil, bad
	}
	rest := strings.TrimPrefix(u.Path, strings.TrimPrefix(prefix, base.Origin()))
	var route strings.Builder
	var params []string
	for seg := range strings.SplitSeq(strings.Trim(rest, "/"), "/") {
		if seg == "" || seg == "." || seg == ".." {
			return nil, bad
		}
		route.WriteString("/{segment}")
		params = append(params, seg)
	}
	var pdf []byte
	err = s.c.send(ctx, transport.Request{
		Op: "reports.download", Method: http.MethodGet, Route: route.String(), Params: params, Query: u.Query(),
		Header: http.Header{"Accept": {"application/pdf"}},
		Decode: func(r io.Reader) error {
			var err error
			pdf, err = io.ReadAll(r)
			return err
		},
	}, opts, nil)
	if err != nil {
		return nil, err
	}
	return pdf, nil
}

package workpath

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// AppointmentListParams are the search parameters of GET /appointments; zero fields are not
// sent. By default Workpath shows only Published appointments, except to their specialist,
// creator and subject.
type AppointmentListParams struct {
	// Page is the page number, from 1. All starts at Page (1 when zero).
	Page int
	// Limit is the page size, at most MaxLimit; a larger one is refused before sending.
	// Workpath documents no default or maximum.
	Limit int
	// Lat, Lon and Radius (miles) search around a point.
	Lat, Lon, Radius *float64
	// From and Until bound the start date; sent as Unix seconds.
	From, Until time.Time
	// Status filters by status; sent as status[]=... once per value.
	Status []AppointmentStatus
	// Type filters by type.
	Type AppointmentType
	// Authorized filters by whether the current user may accept.
	Authorized *bool
	// NewestFirst orders by start time, newest first (Workpath's default is false).
	NewestFirst *bool
	// The id and name filters: specialist, subject, creator, vendor and service.
	Specialist     int64
	SpecialistName string
	Subject        int64
	SubjectName    string
	Creator        int64
	CreatorName    string
	Vendor         int64
	VendorName     string
	Service        int64
	ServiceName    string
	// ParentID returns the appointments with this parent_id.
	ParentID int64
	// Unscheduled includes or selects unscheduled appointments (default exclude).
	Unscheduled Unscheduled
}

// MaxLimit is the largest AppointmentListParams.Limit the client sends. Workpath documents
// no maximum page size (nor a default), so this is the package's conservative choice: four
// times the docs' example page of 25, small enough for any server to answer. A larger Limit
// is refused before sending with a *ValidationError naming Limit.
const MaxLimit = 100

func (p *AppointmentListParams) query() (url.Values, error) {
	q := url.Values{}
	if p == nil {
		return q, nil
	}
	switch {
	case p.Page < 0:
		return nil, invalid("Page", "must not be negative")
	case p.Limit < 0:
		return nil, invalid("Limit", "must not be negative")
	case p.Limit > MaxLimit:
		return nil, invalid("Limit", "must be at most "+strconv.Itoa(MaxLimit)+" (MaxLimit)")
	case p.Radius != nil && (p.Lat == nil || p.Lon == nil):
		return nil, invalid("Radius", "needs Lat and Lon")
	case !p.From.IsZero() && !p.Until.IsZero() && p.Until.Before(p.From):
		return nil, invalid("Until", "must not be before From")
	case p.Type != "" && !p.Type.IsKnown():
		return nil, invalid("Type", "must be Single or Shift")
	case p.Unscheduled != "" && !p.Unscheduled.IsKnown():
		return nil, invalid("Unscheduled", "must be only, include or exclude")
	}
	for i, s := range p.Status {
		if !s.IsKnown() {
			return nil, invalid("Status["+strconv.Itoa(i)+"]", "is not one of the thirteen documented statuses (spelt exactly)")
		}
	}
	if err := checkCarets("", p); err != nil {
		return nil, err
	}
	setInt := func(k string, v int64) {
		if v != 0 {
			q.Set(k, strconv.FormatInt(v, 10))
		}
	}
	setFloat := func(k string, v *float64) {
		if v != nil {
			q.Set(k, strconv.FormatFloat(*v, 'f', -1, 64))
		}
	}
	setStr := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	setBool := func(k string, v *bool) {
		if v != nil {
			q.Set(k, strconv.FormatBool(*v))
		}
	}
	setInt("page", int64(p.Page))
	setInt("limit", int64(p.Limit))
	setFloat("lat", p.Lat)
	setFloat("lon", p.Lon)
	setFloat("radius", p.Radius)
	if !p.From.IsZero() {
		setInt("from", p.From.Unix())
	}
	if !p.Until.IsZero() {
		setInt("until", p.Until.Unix())
	}
	for _, s := range p.Status {
		q.Add("status[]", string(s))
	}
	setStr("type", string(p.Type))
	setBool("authorized", p.Authorized)
	setBool("newestFirst", p.NewestFirst)
	setInt("specialist", p.Specialist)
	setStr("specialistName", p.SpecialistName)
	setInt("subject", p.Subject)
	setStr("subjectName", p.SubjectName)
	setInt("creator", p.Creator)
	setStr("creatorName", p.CreatorName)
	setInt("vendor", p.Vendor)
	setStr("vendorName", p.VendorName)
	setInt("service", p.Service)
	setStr("serviceName", p.ServiceName)
	setInt("parentId", p.ParentID)
	setStr("unscheduled", string(p.Unscheduled))
	return q, nil
}

// AppointmentPage is one page of a search. Workpath documents no answer shape: a bare array
// decodes, and so does an object holding the array under "data", "items", "results" or
// "appointments", whose "total", "page" and "limit" members, if any, are read.
type AppointmentPage struct {
	Appointments []Appointment `phi:"count"`
	// Page and Limit are the page answered and its size: Workpath's when it sent them,
	// otherwise those requested (zero when not requested).
	Page, Limit int
	// Total is the number of matches, nil unless Workpath sent one.
	Total *int
}

// List returns one page of appointments matching p.
//
// GET /appointments
func (s *AppointmentsService) List(ctx context.Context, p *AppointmentListParams, opts ...RequestOption) (*AppointmentPage, error) {
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	var out list[Appointment]
	out.key = "appointments"
	if err := s.c.send(ctx, transport.Request{Op: "appointments.list", Method: http.MethodGet, Route: "/appointments", Query: q}, authBearer, opts, &out); err != nil {
		return nil, err
	}
	l := &AppointmentPage{Appointments: out.items}
	if p != nil {
		l.Page, l.Limit = p.Page, p.Limit
	}
	readInt := func(k string) *int {
		var n int
		if raw, ok := out.meta[k]; ok && jsonx.UnmarshalStd(raw, &n) == nil {
			return &n
		}
		return nil
	}
	if n := readInt("page"); n != nil {
		l.Page = *n
	}
	if n := readInt("limit"); n != nil {
		l.Limit = *n
	}
	l.Total = readInt("total")
	return l, nil
}

// All iterates over every appointment matching p, fetching page after page (from p.Page, or
// 1) only as the loop asks for more. It stops after an empty page, a page shorter than
// p.Limit, or the page that reaches Total; without a Limit it stops only at an empty page.
// p is copied, never modified. The first error is yielded once and ends the iteration;
// breaking out of the loop stops all requests.
func (s *AppointmentsService) All(ctx context.Context, p *AppointmentListParams, opts ...RequestOption) iter.Seq2[*Appointment, error] {
	var first AppointmentListParams
	if p != nil {
		first = *p
		first.Status = append([]AppointmentStatus(nil), p.Status...)
	}
	if first.Page == 0 {
		first.Page = 1
	}
	return pager.All(ctx, first, appointmentList, func(ctx context.Context, p AppointmentListParams) ([]*Appointment, pager.Next[AppointmentListParams], error) {
		page, err := s.List(ctx, &p, opts...)
		if err != nil {
			return nil, pager.Next[AppointmentListParams]{}, err
		}
		items := make([]*Appointment, len(page.Appointments))
		for i := range page.Appointments {
			items[i] = &page.Appointments[i]
		}
		n := len(items)
		if n == 0 || p.Limit > 0 && n < p.Limit || p.Limit > 0 && page.Total != nil && p.Page*p.Limit >= *page.Total {
			return items, pager.Next[AppointmentListParams]{}, nil
		}
		size := p.Limit
		p.Page++
		return items, pager.Next[AppointmentListParams]{Page: &p, Size: size}, nil
	})
}

// appointmentList is the route All walks, and how its appointments are told apart.
var appointmentList = pager.List[*Appointment]{Vendor: vendor, Method: http.MethodGet, Route: "/appointments",
	ID: func(a **Appointment) string { return strconv.FormatInt((*a).ID, 10) }}

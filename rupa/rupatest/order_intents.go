package rupatest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/fake"
)

// OrderIntent is an order intent the fake created, as it was sent.
type OrderIntent struct {
	// ID is the id the fake answered, e.g. "ordin_0000001".
	ID string
	// Practitioner is the id of the practitioner whose token created it.
	Practitioner string
	// PatientData is the new patient sent, nil when Patient was.
	PatientData *PatientData
	// Patient is the existing patient's id, "" when PatientData was sent.
	Patient   string
	LabTests  []string
	ReturnURL string
	// Metadata is the metadata object as sent, nil when absent.
	Metadata json.RawMessage
}

// PatientData is the patient_data object of an order intent.
type PatientData struct {
	FirstName       string           `json:"first_name"`
	LastName        string           `json:"last_name"`
	Email           string           `json:"email"`
	PhoneNumber     string           `json:"phone_number,omitempty"`
	Birthday        string           `json:"birthday,omitempty"`
	Gender          string           `json:"gender,omitempty"`
	ShippingAddress *ShippingAddress `json:"shipping_address,omitempty"`
}

// ShippingAddress is the shipping_address object of patient_data.
type ShippingAddress struct {
	Street  string `json:"street"`
	City    string `json:"city"`
	State   string `json:"state"`
	Zipcode string `json:"zipcode"`
}

type orderIntentRequest struct {
	PatientData *PatientData    `json:"patient_data"`
	Patient     *string         `json:"patient"`
	LabTests    []string        `json:"lab_tests"`
	ReturnURL   string          `json:"return_url"`
	Metadata    json.RawMessage `json:"metadata"`
}

type orderIntentAnswer struct {
	ID          string `json:"id"`
	RedirectURL string `json:"redirect_url,omitempty"`
	CheckoutURL string `json:"checkout_url,omitempty"`
}

// OrderIntents returns the order intents created so far, in order.
func (s *Server) OrderIntents() []OrderIntent {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]OrderIntent, len(s.intents))
	for i, oi := range s.intents {
		out[i] = oi
		out[i].LabTests = slices.Clone(oi.LabTests)
		if oi.PatientData != nil {
			pd := *oi.PatientData
			out[i].PatientData = &pd
		}
	}
	return out
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{1,14}$`)

func (s *Server) handleCreateOrderIntent(w http.ResponseWriter, r *http.Request) {
	var req orderIntentRequest
	if !readJSON(w, r, &req) {
		return
	}
	fields := map[string][]string{}
	add := func(f, msg string) { fields[f] = append(fields[f], msg) }
	switch {
	case req.PatientData == nil && req.Patient == nil:
		add("non_field_errors", "You must provide either patient_data or patient.")
	case req.PatientData != nil && req.Patient != nil:
		add("non_field_errors", "Provide only one of patient_data and patient.")
	}
	if u, err := url.Parse(req.ReturnURL); req.ReturnURL == "" {
		add("return_url", "This field is required.")
	} else if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		add("return_url", "Enter a valid URL.")
	}
	practitioner := practitionerFrom(r)
	if req.Patient != nil {
		if _, ok := s.patientOf(practitioner, *req.Patient); !ok {
			add("patient", "Patient not found.")
		}
	}
	if d := req.PatientData; d != nil {
		for name, v := range map[string]string{"first_name": d.FirstName, "last_name": d.LastName, "email": d.Email} {
			if strings.TrimSpace(v) == "" {
				add("patient_data."+name, "This field is required.")
			}
		}
		if a, err := mail.ParseAddress(d.Email); d.Email != "" && (err != nil || a.Address != d.Email) {
			add("patient_data.email", "Enter a valid email address.")
		}
		if d.PhoneNumber != "" && !e164.MatchString(d.PhoneNumber) {
			add("patient_data.phone_number", "Enter a valid phone number in E.164 format.")
		}
		if d.Birthday != "" {
			if _, err := time.Parse(time.DateOnly, d.Birthday); err != nil {
				add("patient_data.birthday", "Date has wrong format. Use YYYY-MM-DD.")
			}
		}
		if a := d.ShippingAddress; a != nil && (a.Street == "" || a.City == "" || a.State == "" || a.Zipcode == "") {
			add("patient_data.shipping_address", "street, city, state and zipcode are required.")
		}
	}
	for _, id := range req.LabTests {
		if strings.TrimSpace(id) == "" {
			add("lab_tests", "Lab test ids must not be empty.")
			break
		}
	}
	if m := strings.TrimSpace(string(req.Metadata)); m != "" && m != "null" && !strings.HasPrefix(m, "{") {
		add("metadata", "Must be an object.")
	}
	if len(fields) > 0 {
		rupaError(w, http.StatusBadRequest, codeValidation, "Invalid input.", fields)
		return
	}
	oi := OrderIntent{
		ID: s.newID("ordin"), Practitioner: practitioner, PatientData: req.PatientData,
		LabTests: req.LabTests, ReturnURL: req.ReturnURL,
	}
	if req.Patient != nil {
		oi.Patient = *req.Patient
	}
	if m := strings.TrimSpace(string(req.Metadata)); m != "" && m != "null" {
		oi.Metadata = json.RawMessage(m)
	}
	s.mu.Lock()
	s.intents = append(s.intents, oi)
	s.mu.Unlock()
	answer := orderIntentAnswer{ID: oi.ID}
	link := s.URL + "/checkout/" + oi.ID
	if s.cfg.checkoutURL {
		answer.CheckoutURL = link
	} else {
		answer.RedirectURL = link
	}
	fake.WriteJSON(w, http.StatusCreated, answer)
}

// readJSON decodes a plain-JSON request body strictly with the fake kit and
// answers its refusals in Rupa's error shape.
func readJSON(w http.ResponseWriter, r *http.Request, dst any) bool {
	rec := httptest.NewRecorder()
	if fake.ReadJSON(rec, r, dst, fake.RejectUnknownFields) {
		return true
	}
	var e fake.ErrorBody
	_ = json.Unmarshal(rec.Body.Bytes(), &e)
	rupaError(w, rec.Code, codeValidation, e.Error, nil)
	return false
}

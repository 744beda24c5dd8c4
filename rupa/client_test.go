package rupa_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/labwire/labwire/internal/wiretest"
	"github.com/labwire/labwire/rupa"
	"github.com/labwire/labwire/rupa/rupatest"
)

// connect starts the fake and returns it with a client acting as the default practitioner,
// authorized through the OAuth code flow.
func connect(t *testing.T, opts ...rupatest.Option) (*rupatest.Server, *rupa.Client) {
	t.Helper()
	srv := rupatest.Start(t, opts...)
	o, err := rupa.NewAuthCodeFlow(oauthConfig(srv))
	require.NoError(t, err)
	code, err := srv.AuthorizeCode(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	tok, err := o.Exchange(context.Background(), &rupa.ExchangeParams{Code: code})
	require.NoError(t, err)
	c, err := o.NewClient(tok, nil, rupa.WithBaseURL(srv.URL), rupa.WithRetryWait(time.Millisecond, 5*time.Millisecond))
	require.NoError(t, err)
	return srv, c
}

func oauthConfig(srv *rupatest.Server) rupa.AuthCodeFlowConfig {
	return rupa.AuthCodeFlowConfig{
		ClientID: rupatest.DefaultClientID, ClientSecret: rupatest.DefaultClientSecret,
		RedirectURL: rupatest.DefaultRedirectURL, TokenURL: srv.TokenURL(),
	}
}

func newPatientParams() *rupa.OrderIntentCreateParams {
	return &rupa.OrderIntentCreateParams{
		PatientData: &rupa.PatientData{
			FirstName: "Testy", LastName: "McTestface", Email: "testy@example.com",
			PhoneNumber: "+12025550199", Birthday: rupa.Date{Year: 1990, Month: time.April, Day: 8},
			Gender: "female",
			ShippingAddress: &rupa.ShippingAddress{
				Street: "1 Test Way", City: "Testville", State: "CA", Zipcode: "94000",
			},
		},
		LabTests:  []string{"labts_N0EW1vP", "labts_A1b2C3d"},
		ReturnURL: "https://app.example.com/rupa/return?order=42",
		Metadata:  map[string]any{"internal_order_id": "42", "priority": 1},
	}
}

func TestOrderIntentCreateWire(t *testing.T) {
	t.Parallel()
	srv, c := connect(t, rupatest.WithSequentialIDs())
	oi, err := c.OrderIntents.Create(context.Background(), newPatientParams())
	require.NoError(t, err)
	assert.Equal(t, "ordin_0000001", oi.ID)
	assert.Equal(t, srv.URL+"/checkout/ordin_0000001", oi.URL())
	assert.Equal(t, oi.RedirectURL, oi.URL())
	assert.JSONEq(t, `{"id":"ordin_0000001","redirect_url":"`+srv.URL+`/checkout/ordin_0000001"}`, string(oi.RawJSON()))

	reqs := srv.RequestsMatching(rupatest.RouteCreateOrderIntent)
	require.Len(t, reqs, 1)
	wiretest.AssertRequest(t, wiretest.FromFake(reqs[0]), wiretest.Want{
		Method: http.MethodPost, Path: "/order-intents/", Query: url.Values{}, // rupa-js's trailing slash
		Header: map[string]string{
			"Content-Type": "application/json", // plain JSON, not JSON:API
			"Accept":       "application/json",
		},
		BodyGolden: "order_intent.request.json",
	})
	assert.True(t, strings.HasPrefix(reqs[0].Header.Get("Authorization"), "Bearer "))
	assert.Contains(t, reqs[0].Header.Get("User-Agent"), "(rupa)")

	got := srv.OrderIntents()
	require.Len(t, got, 1)
	assert.Equal(t, rupatest.DefaultPractitionerID, got[0].Practitioner)
	assert.Equal(t, "1990-04-08", got[0].PatientData.Birthday)
}

func TestOrderIntentExistingPatientAndCheckoutURL(t *testing.T) {
	t.Parallel()
	srv, c := connect(t, rupatest.WithCheckoutURLField())
	p, err := srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: "Ann", LastName: "Example", Email: "ann@example.com"})
	require.NoError(t, err)
	oi, err := c.OrderIntents.Create(context.Background(), &rupa.OrderIntentCreateParams{
		Patient: p.ID, ReturnURL: "https://app.example.com/done",
	})
	require.NoError(t, err)
	assert.Empty(t, oi.RedirectURL)
	assert.NotEmpty(t, oi.CheckoutURL)
	assert.Equal(t, oi.CheckoutURL, oi.URL(), "checkout_url is accepted when redirect_url is absent")
	body := srv.RequestsMatching(rupatest.RouteCreateOrderIntent)[0].Body
	assert.JSONEq(t, `{"patient":"`+p.ID+`","return_url":"https://app.example.com/done"}`, string(body))
}

func TestOrderIntentCheckedBeforeSending(t *testing.T) {
	t.Parallel()
	srv, c := connect(t)
	edit := func(f func(p *rupa.OrderIntentCreateParams)) *rupa.OrderIntentCreateParams {
		p := newPatientParams()
		f(p)
		return p
	}
	tests := []struct {
		name  string
		p     *rupa.OrderIntentCreateParams
		field string
	}{
		{"nil params", nil, "params"},
		{"neither patient_data nor patient", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData = nil }), "PatientData"},
		{"both patient_data and patient", edit(func(p *rupa.OrderIntentCreateParams) { p.Patient = "pat_1" }), "PatientData"},
		{"missing return URL", edit(func(p *rupa.OrderIntentCreateParams) { p.ReturnURL = " " }), "ReturnURL"},
		{"relative return URL", edit(func(p *rupa.OrderIntentCreateParams) { p.ReturnURL = "/done" }), "ReturnURL"},
		{"javascript return URL", edit(func(p *rupa.OrderIntentCreateParams) { p.ReturnURL = "javascript:alert(1)" }), "ReturnURL"},
		{"missing first name", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.FirstName = "" }), "PatientData.FirstName"},
		{"missing last name", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.LastName = "\t" }), "PatientData.LastName"},
		{"missing email", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.Email = "" }), "PatientData.Email"},
		{"malformed email", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.Email = "testy.example.com" }), "PatientData.Email"},
		{"email with display name", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.Email = "Testy <testy@example.com>" }), "PatientData.Email"},
		{"email without domain dot", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.Email = "testy@localhost" }), "PatientData.Email"},
		{"phone not E.164", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.PhoneNumber = "(202) 555-0199" }), "PatientData.PhoneNumber"},
		{"phone without plus", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.PhoneNumber = "12025550199" }), "PatientData.PhoneNumber"},
		{"phone too long", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.PhoneNumber = "+1202555019912345" }), "PatientData.PhoneNumber"},
		{"birthday not a date", edit(func(p *rupa.OrderIntentCreateParams) {
			p.PatientData.Birthday = rupa.Date{Year: 2023, Month: time.February, Day: 30}
		}), "PatientData.Birthday"},
		{"incomplete address", edit(func(p *rupa.OrderIntentCreateParams) { p.PatientData.ShippingAddress.Zipcode = "" }), "PatientData.ShippingAddress.Zipcode"},
		{"empty lab test id", edit(func(p *rupa.OrderIntentCreateParams) { p.LabTests = []string{"labts_1", ""} }), "LabTests[1]"},
		{"empty metadata key", edit(func(p *rupa.OrderIntentCreateParams) { p.Metadata = map[string]any{"": 1} }), "Metadata"},
		{"metadata not JSON", edit(func(p *rupa.OrderIntentCreateParams) { p.Metadata = map[string]any{"f": func() {}} }), "Metadata"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.OrderIntents.Create(context.Background(), tc.p)
			require.ErrorIs(t, err, rupa.ErrValidation)
			var ve *rupa.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			for _, v := range []string{"Testy", "McTestface", "testy@", "555-0199", "1990"} {
				assert.NotContains(t, err.Error(), v, "the value is never echoed")
			}
		})
	}
	assert.Empty(t, srv.RequestsMatching(rupatest.RouteCreateOrderIntent), "nothing was sent")
	_, err := rupa.ParseDate("2023-02-30")
	assert.Error(t, err)
}

func TestOrderIntentRupaValidationError(t *testing.T) {
	t.Parallel()
	_, c := connect(t)
	_, err := c.OrderIntents.Create(context.Background(), &rupa.OrderIntentCreateParams{
		Patient: "pat_unknown", ReturnURL: "https://app.example.com/done",
	})
	require.ErrorIs(t, err, rupa.ErrBadRequest)
	var ae *rupa.APIError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, rupa.ErrorCodeValidation, ae.Code)
	assert.Equal(t, "Invalid input.", ae.Message)
	assert.Equal(t, "/order-intents/", ae.Route)
	assert.Equal(t, 1, ae.Attempts, "a 400 is not retried")
	d, ok := rupa.ErrorDetailsOf(err)
	require.True(t, ok)
	assert.Equal(t, rupa.ErrorCodeValidation, d.Code)
	assert.Equal(t, map[string][]string{"patient": {"Patient not found."}}, d.Fields)
	assert.NotContains(t, err.Error(), "Patient not found", "Rupa's messages stay out of Error()")
	assert.NotContains(t, err.Error(), "pat_unknown")

	_, ok = rupa.ErrorDetailsOf(errors.New("plain"))
	assert.False(t, ok)
}

func TestErrorDetailsJSONAPIForm(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t)
	srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: 422, Body: json.RawMessage(
		`{"errors":[{"code":"invalid","detail":"Enter a valid email.","source":{"pointer":"/data/attributes/email"}},{"title":"Bad page","source":{"parameter":"page[number]"}}]}`)})
	access, _, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	c, err := rupa.NewClient(rupa.WithBaseURL(srv.URL), rupa.WithBearerToken(access))
	require.NoError(t, err)
	_, err = c.Patients.List(context.Background(), nil)
	require.ErrorIs(t, err, rupa.ErrValidation)
	d, ok := rupa.ErrorDetailsOf(err)
	require.True(t, ok)
	assert.Equal(t, "invalid", d.Code)
	assert.Equal(t, "Enter a valid email.", d.Message)
	assert.Equal(t, map[string][]string{"email": {"Enter a valid email."}, "page[number]": {"Bad page"}}, d.Fields)
}

// A create that may have reached Rupa is never sent twice; one that provably did not leave,
// or was refused with 429, is.
func TestOrderIntentRetryNeverDuplicates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		fault       rupatest.Fault
		wantErr     error
		wantSent    int
		wantCreated int
	}{
		{"answer lost after processing", rupatest.Fault{Drop: rupatest.DropAfterHandler}, rupa.ErrOutcomeUnknown, 1, 1},
		{"connection dropped after the body", rupatest.Fault{Drop: rupatest.DropAfterBody}, rupa.ErrOutcomeUnknown, 1, 0},
		{"500", rupatest.Fault{Status: 500}, rupa.ErrOutcomeUnknown, 1, 0},
		{"503", rupatest.Fault{Status: 503}, rupa.ErrOutcomeUnknown, 1, 0},
		{"429 is retried", rupatest.Fault{Status: 429, RetryAfter: "0"}, nil, 2, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, c := connect(t)
			tc.fault.Route = rupatest.RouteCreateOrderIntent
			srv.Script(tc.fault)
			_, err := c.OrderIntents.Create(context.Background(), newPatientParams())
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Len(t, srv.RequestsMatching(rupatest.RouteCreateOrderIntent), tc.wantSent)
			assert.Len(t, srv.OrderIntents(), tc.wantCreated)
		})
	}
}

func TestOrderIntentEmptyAnswer(t *testing.T) {
	t.Parallel()
	srv, c := connect(t)
	srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: 201, Body: json.RawMessage(`{}`)})
	_, err := c.OrderIntents.Create(context.Background(), newPatientParams())
	require.ErrorIs(t, err, rupa.ErrNoOrderIntentID)
	var re *rupa.RequestError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 201, re.LastStatus)

	srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: 201})
	_, err = c.OrderIntents.Create(context.Background(), newPatientParams())
	require.ErrorIs(t, err, rupa.ErrInvalidResponse, "an empty 2xx is no order intent")
	require.ErrorAs(t, err, &re)

	srv.Script(rupatest.Fault{Route: rupatest.RouteCreateOrderIntent, Status: 201,
		Body: json.RawMessage(`{"id":"ordin_1","redirect_url":"javascript:alert(1)"}`)})
	_, err = c.OrderIntents.Create(context.Background(), newPatientParams())
	require.ErrorIs(t, err, rupa.ErrBadCheckoutURL)
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 201, re.LastStatus)
}

func TestPatientsListAndAll(t *testing.T) {
	t.Parallel()
	srv, c := connect(t, rupatest.WithPageSize(2), rupatest.WithSequentialIDs())
	for i, name := range []string{"Ann", "Bea", "Cal", "Dee", "Eve"} {
		b := ""
		if i%2 == 0 {
			b = "1980-0" + string(rune('1'+i)) + "-15"
		}
		_, err := srv.AddPatient(rupatest.DefaultClinicID, rupatest.Patient{FirstName: name, LastName: "Example", Email: strings.ToLower(name) + "@example.com", Birthday: b})
		require.NoError(t, err)
	}
	_, err := srv.AddPatient("cli_other", rupatest.Patient{FirstName: "Zed"})
	require.NoError(t, err)

	page, err := c.Patients.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, page.Patients, 2)
	p := page.Patients[0]
	assert.Equal(t, "patient", p.Type)
	assert.Equal(t, "Ann", p.Attributes.FirstName)
	assert.Equal(t, "ann@example.com", p.Attributes.Email)
	assert.Equal(t, rupa.Date{Year: 1980, Month: time.January, Day: 15}, p.Attributes.Birthday)
	assert.True(t, page.Patients[1].Attributes.Birthday.IsZero(), "null birthday")
	next, ok := page.Next()
	require.True(t, ok)
	assert.Equal(t, url.Values{"page[number]": {"2"}}, next.PageQuery)
	assert.JSONEq(t, `{"count":5}`, string(page.Meta))
	assert.Contains(t, string(page.RawJSON()), `"meta":{"count":5}`)
	assert.JSONEq(t, `{"id":"pat_0000001","type":"patient","attributes":{"first_name":"Ann","last_name":"Example","email":"ann@example.com","birthday":"1980-01-15"}}`,
		string(p.RawJSON()), "each patient's raw JSON, from the one decode")

	reqs := srv.RequestsMatching(rupatest.RouteListPatients)
	require.Len(t, reqs, 1)
	wiretest.AssertRequest(t, wiretest.FromFake(reqs[0]), wiretest.Want{
		Method: http.MethodGet, Path: "/patients", Query: url.Values{},
		Header: map[string]string{"Accept": "application/vnd.api+json", "Content-Type": "application/vnd.api+json"},
	})

	var names []string
	for p, err := range c.Patients.All(context.Background(), nil) {
		require.NoError(t, err)
		names = append(names, p.Attributes.FirstName)
	}
	assert.Equal(t, []string{"Ann", "Bea", "Cal", "Dee", "Eve"}, names, "three pages, the other clinic's patient left out")
	reqs = srv.RequestsMatching(rupatest.RouteListPatients)
	require.Len(t, reqs, 4)
	assert.Equal(t, "page%5Bnumber%5D=3", reqs[3].RawQuery)

	for range c.Patients.All(context.Background(), nil) {
		break
	}
	assert.Len(t, srv.RequestsMatching(rupatest.RouteListPatients), 5, "break after the first item fetches nothing more")

	// A hostile or broken next link back to an earlier page ends the walk with an error
	// (pager.ErrNoProgress, an ErrInvalidResponse) instead of looping.
	looping := json.RawMessage(`{"data":[{"id":"pat_x","type":"patient","attributes":{}}],"links":{"next":"/patients?page%5Bnumber%5D=1"}}`)
	srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: 200, Body: json.RawMessage(
		`{"data":[{"id":"pat_w","type":"patient","attributes":{}}],"links":{"next":{"href":"https://elsewhere.example/patients?page%5Bnumber%5D=1"}}}`)},
		rupatest.Fault{Route: rupatest.RouteListPatients, Status: 200, Body: looping},
		rupatest.Fault{Route: rupatest.RouteListPatients, Status: 200, Body: looping})
	before := len(srv.RequestsMatching(rupatest.RouteListPatients))
	var ids []string
	var last error
	for p, err := range c.Patients.All(context.Background(), nil) {
		if err != nil {
			last = err
			continue
		}
		ids = append(ids, p.ID)
	}
	assert.Equal(t, []string{"pat_w", "pat_x"}, ids)
	assert.ErrorIs(t, last, rupa.ErrInvalidResponse)
	assert.EqualError(t, last, "rupa: GET /patients: page 3 makes no progress: it holds only items already seen")
	loop := srv.RequestsMatching(rupatest.RouteListPatients)[before:]
	require.Len(t, loop, 3, "the link to elsewhere.example was followed on the base URL, the loop once")
	assert.Equal(t, "page%5Bnumber%5D=1", loop[1].RawQuery)
	assert.Empty(t, srv.PendingFaults())

	srv.Script(rupatest.Fault{Route: rupatest.RouteListPatients, Status: 404})
	var errs int
	for _, err := range c.Patients.All(context.Background(), nil) {
		require.ErrorIs(t, err, rupa.ErrNotFound)
		errs++
	}
	assert.Equal(t, 1, errs, "one error, then the iteration stops")
}

func TestOAuthFlowWire(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t)
	o, err := rupa.NewAuthCodeFlow(oauthConfig(srv))
	require.NoError(t, err)

	u, err := o.AuthCodeURL("state-123")
	require.NoError(t, err)
	pu, err := url.Parse(u)
	require.NoError(t, err)
	assert.Equal(t, "https://labs.rupahealth.com/oauth/authorize", pu.Scheme+"://"+pu.Host+pu.Path)
	assert.Equal(t, url.Values{
		"client_id": {rupatest.DefaultClientID}, "redirect_uri": {rupatest.DefaultRedirectURL},
		"response_type": {"code"}, "state": {"state-123"},
	}, pu.Query())
	_, err = o.AuthCodeURL("")
	require.ErrorIs(t, err, rupa.ErrValidation)

	code, err := srv.AuthorizeCode(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	tok, err := o.Exchange(context.Background(), &rupa.ExchangeParams{Code: code})
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.RefreshToken)
	reqs := srv.RequestsMatching(rupatest.RouteToken)
	require.Len(t, reqs, 1)
	assert.Equal(t, "/oauth/token/", reqs[0].Path)
	assert.Equal(t, "application/x-www-form-urlencoded", reqs[0].Header.Get("Content-Type"))
	form, err := url.ParseQuery(string(reqs[0].Body))
	require.NoError(t, err)
	assert.Equal(t, url.Values{
		"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {rupatest.DefaultRedirectURL},
		"client_id": {rupatest.DefaultClientID}, "client_secret": {rupatest.DefaultClientSecret},
	}, form)

	_, err = o.Exchange(context.Background(), &rupa.ExchangeParams{Code: code})
	require.ErrorIs(t, err, rupa.ErrUnauthorized, "a code is single-use")
	assert.NotContains(t, err.Error(), code)
	assert.NotContains(t, err.Error(), rupatest.DefaultClientSecret)
}

// The practitioner's access token is refreshed after a 401, the call replayed once, and the
// rotated refresh token handed to onToken for storage.
func TestTokenSourceRefreshesAfter401(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t)
	o, err := rupa.NewAuthCodeFlow(oauthConfig(srv))
	require.NoError(t, err)
	access, refresh, err := srv.IssueToken(rupatest.DefaultPractitionerID)
	require.NoError(t, err)
	var stored []*oauth2.Token
	c, err := o.NewClient(&oauth2.Token{AccessToken: access, RefreshToken: refresh, Expiry: time.Now().Add(time.Hour)},
		func(tok *oauth2.Token) { stored = append(stored, tok) }, rupa.WithBaseURL(srv.URL))
	require.NoError(t, err)

	_, err = c.Patients.List(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, srv.RequestsMatching(rupatest.RouteToken), "the stored access token is used while valid")

	srv.ExpireTokens()
	_, err = c.Patients.List(context.Background(), nil)
	require.NoError(t, err)
	require.Len(t, srv.RequestsMatching(rupatest.RouteToken), 1)
	form, err := url.ParseQuery(string(srv.RequestsMatching(rupatest.RouteToken)[0].Body))
	require.NoError(t, err)
	assert.Equal(t, "refresh_token", form.Get("grant_type"))
	assert.Equal(t, refresh, form.Get("refresh_token"))
	require.Len(t, stored, 1)
	assert.NotEqual(t, refresh, stored[0].RefreshToken, "the fake rotates refresh tokens")
	lists := srv.RequestsMatching(rupatest.RouteListPatients)
	require.Len(t, lists, 3, "one call, one 401, one replay")
	assert.NotEqual(t, lists[1].Header.Get("Authorization"), lists[2].Header.Get("Authorization"))

	srv.ExpireTokens()
	srv.RevokeRefreshTokens()
	_, err = c.Patients.List(context.Background(), nil)
	require.ErrorIs(t, err, rupa.ErrUnauthorized, "a revoked refresh token: the practitioner must authorize again")
}

func TestNewOAuthChecks(t *testing.T) {
	t.Parallel()
	ok := rupa.AuthCodeFlowConfig{ClientID: "id", ClientSecret: "secret", RedirectURL: "https://app.example.com/cb", TokenURL: "https://auth.example.com/oauth/token/"}
	tests := []struct {
		name  string
		edit  func(*rupa.AuthCodeFlowConfig)
		field string
	}{
		{"client id", func(c *rupa.AuthCodeFlowConfig) { c.ClientID = "" }, "AuthCodeFlowConfig.ClientID"},
		{"client secret", func(c *rupa.AuthCodeFlowConfig) { c.ClientSecret = "" }, "AuthCodeFlowConfig.ClientSecret"},
		{"redirect", func(c *rupa.AuthCodeFlowConfig) { c.RedirectURL = "" }, "AuthCodeFlowConfig.RedirectURL"},
		{"redirect relative", func(c *rupa.AuthCodeFlowConfig) { c.RedirectURL = "/cb" }, "AuthCodeFlowConfig.RedirectURL"},
		{"token URL required", func(c *rupa.AuthCodeFlowConfig) { c.TokenURL = "" }, "AuthCodeFlowConfig.TokenURL"},
		{"token URL http", func(c *rupa.AuthCodeFlowConfig) { c.TokenURL = "http://auth.example.com/token" }, "AuthCodeFlowConfig.TokenURL"},
		{"authorize URL http", func(c *rupa.AuthCodeFlowConfig) { c.AuthorizeURL = "http://labs.example.com/oauth/authorize" }, "AuthCodeFlowConfig.AuthorizeURL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := ok
			tc.edit(&cfg)
			_, err := rupa.NewAuthCodeFlow(cfg)
			var ve *rupa.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
	o, err := rupa.NewAuthCodeFlow(ok)
	require.NoError(t, err)
	_, err = o.TokenSource(&oauth2.Token{AccessToken: "a"}, nil)
	require.ErrorIs(t, err, rupa.ErrValidation, "a token source needs a refresh token")
}

func TestNewClientChecks(t *testing.T) {
	t.Parallel()
	_, err := rupa.NewClient()
	var ve *rupa.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Contains(t, ve.Reason, "WithTokenSource")
	_, err = rupa.NewClient(rupa.WithBearerToken("a"), rupa.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "b"})))
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithTokenSource", ve.Field)
	_, err = rupa.NewClient(rupa.WithBearerToken(""))
	require.ErrorAs(t, err, &ve)
	_, err = rupa.NewClient(rupa.WithBearerToken("a"), rupa.WithBaseURL("http://api.example.com"))
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "WithBaseURL", ve.Field)
	c, err := rupa.NewClient(rupa.WithBearerToken("a"), rupa.WithEnvironment(rupa.Sandbox))
	require.NoError(t, err)
	assert.NotNil(t, c.OrderIntents)
}

// The whole redirect flow against the fake's consent page, with PKCE (which Rupa does not
// document; it is sent only when asked for).
func TestOAuthRedirectFlowWithPKCE(t *testing.T) {
	t.Parallel()
	srv := rupatest.Start(t)
	cfg := oauthConfig(srv)
	cfg.AuthorizeURL = srv.AuthorizeURL()
	o, err := rupa.NewAuthCodeFlow(cfg)
	require.NoError(t, err)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	authorize := func(verifier string) (code string) {
		u, err := o.AuthCodeURL("st-1", oauth2.S256ChallengeOption(verifier))
		require.NoError(t, err)
		resp, err := noRedirect.Get(u)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusFound, resp.StatusCode)
		back, err := url.Parse(resp.Header.Get("Location"))
		require.NoError(t, err)
		assert.True(t, strings.HasPrefix(back.String(), rupatest.DefaultRedirectURL+"?"))
		assert.Equal(t, "st-1", back.Query().Get("state"))
		return back.Query().Get("code")
	}
	verifier := oauth2.GenerateVerifier()
	tok, err := o.Exchange(context.Background(), &rupa.ExchangeParams{Code: authorize(verifier), Verifier: verifier})
	require.NoError(t, err)
	assert.NotEmpty(t, tok.AccessToken)
	form, err := url.ParseQuery(string(srv.RequestsMatching(rupatest.RouteToken)[0].Body))
	require.NoError(t, err)
	assert.Equal(t, verifier, form.Get("code_verifier"))

	_, err = o.Exchange(context.Background(), &rupa.ExchangeParams{Code: authorize(verifier), Verifier: oauth2.GenerateVerifier()})
	require.ErrorIs(t, err, rupa.ErrUnauthorized, "a code bound to another verifier is refused")
}

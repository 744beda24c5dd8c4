package ovation

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/pager"
	"github.com/labwire/labwire/internal/transport"
)

// ProviderAccount is an ordering account (a clinic, a practice). Ovation documents the
// create body only in part ("streetAddress…, mailingAddress…"): the fields below are the
// documented ones and RawJSON keeps the rest.
type ProviderAccount struct {
	// ID is Ovation's id. Read only.
	ID ID `json:"id,omitempty" phi:"id"`
	// Name is required to create.
	Name string `json:"name,omitempty"`
	// ExternalIdentifier is your id for the account. Setting it locks the account against
	// edits in Ovation's UI.
	ExternalIdentifier string `json:"externalIdentifier,omitempty"`
	AccountNumber      string `json:"accountNumber,omitempty"`
	WebsiteURL         string `json:"websiteUrl,omitempty"`
	PhoneNumber        string `json:"phoneNumber,omitempty"`
	// StreetAddress is the first address line; the API cannot set a second one.
	StreetAddress    string `json:"streetAddress,omitempty"`
	FaxSignedReports *bool  `json:"faxSignedReports,omitempty"`
	FaxNumber        string `json:"faxNumber,omitempty"`

	raw jsonx.Raw
}

type providerAccountPlain ProviderAccount

// RawJSON returns the account as Ovation sent it; nil for an account decoded any other way
// than by a client call. It may share its bytes with the answer (and the Body WithResponse
// stores): do not modify it.
func (a *ProviderAccount) RawJSON() json.RawMessage { return a.raw.JSON() }

// ProviderAccountsService is Client.ProviderAccounts. A sales rep must exist before a
// provider account is created.
type ProviderAccountsService struct{ c *Client }

// ProviderAccountListParams filters and pages provider accounts.
type ProviderAccountListParams struct {
	// OrganizationID is required.
	OrganizationID ID `phi:"id"`
	// Name, ExternalIdentifier and AccountNumber filter the list.
	Name, ExternalIdentifier, AccountNumber string `phi:"none"` // a provider account's, not a patient's
	// Page (from 1) and PerPage (at most and by default 5000) page it.
	Page, PerPage int
}

// ProviderAccountPage is one page of provider accounts.
type ProviderAccountPage struct {
	ProviderAccounts []ProviderAccount `phi:"count:provider_accounts"`
	Meta             *Meta
}

// List returns one page of provider accounts.
//
// GET /provider_accounts
func (s *ProviderAccountsService) List(ctx context.Context, p *ProviderAccountListParams, opts ...RequestOption) (*ProviderAccountPage, error) {
	if p == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "params", Reason: "must not be nil (OrganizationID is required)"}
	}
	if err := checkID("OrganizationID", p.OrganizationID); err != nil {
		return nil, err
	}
	if err := checkPaging(p.Page, p.PerPage, maxPerPage); err != nil {
		return nil, err
	}
	q := query{}
	q.str("organizationId", string(p.OrganizationID))
	q.str("name", p.Name)
	q.str("externalIdentifier", p.ExternalIdentifier)
	q.str("accountNumber", p.AccountNumber)
	q.int("page", p.Page)
	q.int("perPage", p.PerPage)
	out := listAnswer[providerAccountPlain]{keys: []string{"providerAccounts", "provider_accounts"}}
	if err := s.c.get(ctx, "provider_accounts.list", "/provider_accounts", nil, url.Values(q), opts, &out); err != nil {
		return nil, err
	}
	return &ProviderAccountPage{ProviderAccounts: itemsOf(&out, providerAccountOf), Meta: out.Meta}, nil
}

// All iterates provider accounts over every page from p.Page. p is not modified.
//
// GET /provider_accounts
func (s *ProviderAccountsService) All(ctx context.Context, p *ProviderAccountListParams, opts ...RequestOption) iter.Seq2[*ProviderAccount, error] {
	var first ProviderAccountListParams
	if p != nil {
		first = *p
	}
	return pager.All(ctx, first, providerAccountList, func(ctx context.Context, p ProviderAccountListParams) ([]*ProviderAccount, pager.Next[ProviderAccountListParams], error) {
		page, err := s.List(ctx, &p, opts...)
		if err != nil {
			return nil, pager.Next[ProviderAccountListParams]{}, err
		}
		next, size, err := page.Meta.nextPage(p.Page, p.PerPage, maxPerPage, len(page.ProviderAccounts))
		if err != nil {
			return nil, pager.Next[ProviderAccountListParams]{}, err
		}
		return ptrsOf(page.ProviderAccounts), pageNext(p, func(p *ProviderAccountListParams, n int) { p.Page = n }, next, size), nil
	})
}

// providerAccountList is the route All walks.
var providerAccountList = pager.List[*ProviderAccount]{Vendor: vendor, Method: http.MethodGet, Route: "/provider_accounts",
	ID: func(a **ProviderAccount) string { return string((*a).ID) }}

// providerAccount sends r and decodes the account it answers, {"providerAccount": {...}}
// or bare, in one pass (oneAnswer).
func (c *Client) providerAccount(ctx context.Context, r transport.Request, opts []RequestOption) (*ProviderAccount, error) {
	a := &oneAnswer[providerAccountPlain]{keys: providerAccountKeys}
	if err := sendOne(ctx, c, r, opts, a, func(w *providerAccountPlain) ID { return w.ID }); err != nil {
		return nil, err
	}
	out := providerAccountOf(&a.v, a.raw)
	return &out, nil
}

// providerAccountOf is the account decoded into w, whose JSON is raw.
func providerAccountOf(w *providerAccountPlain, raw jsonx.Raw) ProviderAccount {
	a := ProviderAccount(*w)
	a.raw = raw
	return a
}

// providerAccountKeys are the wrappers of a provider account answer (or it is bare).
var providerAccountKeys = []string{"providerAccount", "provider_account"}

// Create creates a provider account in the organization. The 2022 API reference gives the
// path /provider_accounts instead; reach it with Client.Do if your deployment wants it. A
// POST: never retried once it may have reached Ovation.
//
// POST /organizations/{organizationId}/provider_accounts
func (s *ProviderAccountsService) Create(ctx context.Context, organizationID ID, a *ProviderAccount, opts ...RequestOption) (*ProviderAccount, error) {
	if err := checkID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if a == nil || a.Name == "" {
		return nil, &ValidationError{Vendor: vendor, Field: "Name", Reason: "is required"}
	}
	return s.c.providerAccount(ctx, transport.Request{
		Op: "provider_accounts.create", Method: http.MethodPost, Route: "/organizations/{organizationId}/provider_accounts",
		Params: []string{string(organizationID)}, JSON: map[string]any{"providerAccount": a},
	}, opts)
}

// Get returns a provider account.
//
// GET /provider_accounts/{id}
func (s *ProviderAccountsService) Get(ctx context.Context, organizationID, id ID, opts ...RequestOption) (*ProviderAccount, error) {
	q, err := orgQuery(organizationID, id)
	if err != nil {
		return nil, err
	}
	return s.c.providerAccount(ctx, transport.Request{
		Op: "provider_accounts.get", Method: http.MethodGet, Route: "/provider_accounts/{id}", Params: []string{string(id)}, Query: q,
	}, opts)
}

// Update changes a provider account; only the fields set are sent.
//
// PUT /provider_accounts/{id}
func (s *ProviderAccountsService) Update(ctx context.Context, organizationID, id ID, a *ProviderAccount, opts ...RequestOption) (*ProviderAccount, error) {
	q, err := orgQuery(organizationID, id)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, &ValidationError{Vendor: vendor, Field: "account", Reason: "must not be nil"}
	}
	return s.c.providerAccount(ctx, transport.Request{
		Op: "provider_accounts.update", Method: http.MethodPut, Route: "/provider_accounts/{id}", Params: []string{string(id)},
		Query: q, JSON: map[string]any{"providerAccount": a},
	}, opts)
}

// Delete archives a provider account.
//
// DELETE /provider_accounts/{id}
func (s *ProviderAccountsService) Delete(ctx context.Context, organizationID, id ID, opts ...RequestOption) (*Message, error) {
	q, err := orgQuery(organizationID, id)
	if err != nil {
		return nil, err
	}
	var out Message
	err = s.c.send(ctx, transport.Request{
		Op: "provider_accounts.delete", Method: http.MethodDelete, Route: "/provider_accounts/{id}", Params: []string{string(id)}, Query: q,
	}, opts, &out)
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// orgQuery checks both ids and returns the organization_id parameter (snake_case, as
// documented for these routes).
func orgQuery(organizationID, id ID) (url.Values, error) {
	if err := checkID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return url.Values{"organization_id": {string(organizationID)}}, nil
}

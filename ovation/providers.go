package ovation

import (
	"context"
	"net/http"

	"github.com/labwire/labwire/internal/transport"
)

// The routes in this file are documented by path only: Ovation gives no field list for
// providers, contacts, sales groups or sales reps. Answers are Records; bodies are sent as
// JSON as given.

// ProvidersService is Client.Providers: the providers (physicians) of a provider account.
type ProvidersService struct{ c *Client }

// List returns the account's providers.
//
// GET /provider_accounts/{providerAccountId}/providers
func (s *ProvidersService) List(ctx context.Context, providerAccountID ID, opts ...RequestOption) ([]Record, error) {
	if err := checkID("providerAccountID", providerAccountID); err != nil {
		return nil, err
	}
	return s.c.listRecords(ctx, "providers.list", "/provider_accounts/{providerAccountId}/providers", []string{string(providerAccountID)}, nil, opts, "providers")
}

// Create adds a provider to the account. A POST: never retried once it may have reached
// Ovation.
//
// POST /provider_accounts/{providerAccountId}/providers
func (s *ProvidersService) Create(ctx context.Context, providerAccountID ID, body any, opts ...RequestOption) (*Record, error) {
	if err := checkID("providerAccountID", providerAccountID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	return s.c.record(ctx, transport.Request{Op: "providers.create", Method: http.MethodPost,
		Route: "/provider_accounts/{providerAccountId}/providers", Params: []string{string(providerAccountID)}, JSON: body}, opts, "provider")
}

// Get returns a provider.
//
// GET /provider_accounts/{providerAccountId}/providers/{id}
func (s *ProvidersService) Get(ctx context.Context, providerAccountID, id ID, opts ...RequestOption) (*Record, error) {
	return s.c.child(ctx, "providers.get", http.MethodGet, "/provider_accounts/{providerAccountId}/providers/{id}", providerAccountID, id, nil, opts, "provider")
}

// Delete archives a provider.
//
// DELETE /provider_accounts/{providerAccountId}/providers/{id}
func (s *ProvidersService) Delete(ctx context.Context, providerAccountID, id ID, opts ...RequestOption) (*Record, error) {
	return s.c.child(ctx, "providers.delete", http.MethodDelete, "/provider_accounts/{providerAccountId}/providers/{id}", providerAccountID, id, nil, opts, "provider")
}

// ProviderAccountContactsService is Client.ProviderAccountContacts.
type ProviderAccountContactsService struct{ c *Client }

// List returns the account's contacts.
//
// GET /provider_accounts/{id}/provider_account_contacts
func (s *ProviderAccountContactsService) List(ctx context.Context, providerAccountID ID, opts ...RequestOption) ([]Record, error) {
	if err := checkID("providerAccountID", providerAccountID); err != nil {
		return nil, err
	}
	return s.c.listRecords(ctx, "provider_account_contacts.list", "/provider_accounts/{id}/provider_account_contacts",
		[]string{string(providerAccountID)}, nil, opts, "provider_account_contacts", "providerAccountContacts")
}

// Create adds a contact to the account. A POST: never retried once it may have reached
// Ovation.
//
// POST /provider_accounts/{id}/provider_account_contacts
func (s *ProviderAccountContactsService) Create(ctx context.Context, providerAccountID ID, body any, opts ...RequestOption) (*Record, error) {
	if err := checkID("providerAccountID", providerAccountID); err != nil {
		return nil, err
	}
	if err := checkBody(body); err != nil {
		return nil, err
	}
	return s.c.record(ctx, transport.Request{Op: "provider_account_contacts.create", Method: http.MethodPost,
		Route: "/provider_accounts/{id}/provider_account_contacts", Params: []string{string(providerAccountID)}, JSON: body}, opts, "providerAccountContact")
}

// Get returns a contact.
//
// GET /provider_accounts/{id}/provider_account_contacts/{contactId}
func (s *ProviderAccountContactsService) Get(ctx context.Context, providerAccountID, id ID, opts ...RequestOption) (*Record, error) {
	return s.c.child(ctx, "provider_account_contacts.get", http.MethodGet, "/provider_accounts/{id}/provider_account_contacts/{contactId}", providerAccountID, id, nil, opts, "providerAccountContact")
}

// Update changes a contact.
//
// PUT /provider_accounts/{id}/provider_account_contacts/{contactId}
func (s *ProviderAccountContactsService) Update(ctx context.Context, providerAccountID, id ID, body any, opts ...RequestOption) (*Record, error) {
	if err := checkBody(body); err != nil {
		return nil, err
	}
	return s.c.child(ctx, "provider_account_contacts.update", http.MethodPut, "/provider_accounts/{id}/provider_account_contacts/{contactId}", providerAccountID, id, body, opts, "providerAccountContact")
}

// Delete deletes a contact.
//
// DELETE /provider_accounts/{id}/provider_account_contacts/{contactId}
func (s *ProviderAccountContactsService) Delete(ctx context.Context, providerAccountID, id ID, opts ...RequestOption) (*Record, error) {
	return s.c.child(ctx, "provider_account_contacts.delete", http.MethodDelete, "/provider_accounts/{id}/provider_account_contacts/{contactId}", providerAccountID, id, nil, opts, "providerAccountContact")
}

// child calls a route naming a parent and a child id.
func (c *Client) child(ctx context.Context, op, method, route string, parent, id ID, body any, opts []RequestOption, key string) (*Record, error) {
	if err := checkID("parentID", parent); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	return c.record(ctx, transport.Request{Op: op, Method: method, Route: route, Params: []string{string(parent), string(id)}, JSON: body}, opts, key)
}

// SalesGroupsService is Client.SalesGroups.
type SalesGroupsService struct{ c *Client }

// SalesRepsService is Client.SalesReps. A sales rep must exist before a provider account
// is created.
type SalesRepsService struct{ c *Client }

// salesRoutes is the CRUD of one sales collection.
type salesRoutes struct {
	c          *Client
	name, key  string // "sales_groups", "salesGroup"
	collection string // "/sales_groups"
}

func (r salesRoutes) list(ctx context.Context, opts []RequestOption) ([]Record, error) {
	return r.c.listRecords(ctx, r.name+".list", r.collection, nil, nil, opts, r.name, r.key+"s")
}

func (r salesRoutes) one(ctx context.Context, verb, method string, id ID, body any, opts []RequestOption) (*Record, error) {
	route := r.collection
	var params []string
	if method != http.MethodPost {
		if err := checkID("id", id); err != nil {
			return nil, err
		}
		route, params = r.collection+"/{id}", []string{string(id)}
	}
	if (method == http.MethodPost || method == http.MethodPut) && body == nil {
		return nil, checkBody(body)
	}
	return r.c.record(ctx, transport.Request{Op: r.name + "." + verb, Method: method, Route: route, Params: params, JSON: body}, opts, r.key)
}

func (s *SalesGroupsService) routes() salesRoutes {
	return salesRoutes{c: s.c, name: "sales_groups", key: "salesGroup", collection: "/sales_groups"}
}

// List returns the sales groups.
//
// GET /sales_groups
func (s *SalesGroupsService) List(ctx context.Context, opts ...RequestOption) ([]Record, error) {
	return s.routes().list(ctx, opts)
}

// Create creates a sales group. A POST: never retried once it may have reached Ovation.
//
// POST /sales_groups
func (s *SalesGroupsService) Create(ctx context.Context, body any, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "create", http.MethodPost, "", body, opts)
}

// Get returns a sales group.
//
// GET /sales_groups/{id}
func (s *SalesGroupsService) Get(ctx context.Context, id ID, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "get", http.MethodGet, id, nil, opts)
}

// Update changes a sales group.
//
// PUT /sales_groups/{id}
func (s *SalesGroupsService) Update(ctx context.Context, id ID, body any, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "update", http.MethodPut, id, body, opts)
}

// Delete archives a sales group.
//
// DELETE /sales_groups/{id}
func (s *SalesGroupsService) Delete(ctx context.Context, id ID, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "delete", http.MethodDelete, id, nil, opts)
}

func (s *SalesRepsService) routes() salesRoutes {
	return salesRoutes{c: s.c, name: "sales_reps", key: "salesRep", collection: "/sales_reps"}
}

// List returns the sales reps.
//
// GET /sales_reps
func (s *SalesRepsService) List(ctx context.Context, opts ...RequestOption) ([]Record, error) {
	return s.routes().list(ctx, opts)
}

// Create creates a sales rep. A POST: never retried once it may have reached Ovation.
//
// POST /sales_reps
func (s *SalesRepsService) Create(ctx context.Context, body any, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "create", http.MethodPost, "", body, opts)
}

// Get returns a sales rep.
//
// GET /sales_reps/{id}
func (s *SalesRepsService) Get(ctx context.Context, id ID, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "get", http.MethodGet, id, nil, opts)
}

// Update changes a sales rep.
//
// PUT /sales_reps/{id}
func (s *SalesRepsService) Update(ctx context.Context, id ID, body any, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "update", http.MethodPut, id, body, opts)
}

// Delete archives a sales rep.
//
// DELETE /sales_reps/{id}
func (s *SalesRepsService) Delete(ctx context.Context, id ID, opts ...RequestOption) (*Record, error) {
	return s.routes().one(ctx, "delete", http.MethodDelete, id, nil, opts)
}

package workpath

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labwire/labwire/internal/jsonx"
	"github.com/labwire/labwire/internal/transport"
)

// APIKey is an API credential of your client. Workpath allows two per client: the first is
// made in its web app, the second through APIKeys.Create, and a third is refused.
type APIKey struct {
	ID int64 `json:"id" phi:"id"`
	// Key is the API key (a UUID), used as client_id and as the Basic user name.
	Key string `json:"key" phi:"id"`
	// ClientID is the client the credential belongs to.
	ClientID string `json:"client_id,omitempty"`
	// IsActive says whether the credential is active (a boolean in answers; a string is
	// accepted too).
	IsActive    bool      `json:"is_active" phi:"token:active"`
	LastLoginAt time.Time `json:"last_login_at,omitzero"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
	UpdatedAt   time.Time `json:"updated_at,omitzero"`
	// Secret is the password, sent only in the answer to Create: store it then, Workpath
	// never shows it again. An APIKey prints, logs and marshals without it.
	Secret string `json:"secret,omitempty"`

	raw jsonx.Raw
}

// UnmarshalJSON decodes is_active as a boolean or a string.
func (k *APIKey) UnmarshalJSON(data []byte) error {
	var w apiKeyAnswer
	if err := jsonx.UnmarshalStd(data, &w); err != nil {
		return err
	}
	*k = w.apiKey()
	return nil
}

// apiKeyAnswer is an APIKey whose is_active is a boolean or a string, without a decoding
// method: an answer of credentials decodes into it in one pass (see personAnswer).
type apiKeyAnswer struct {
	apiKeyFields
	IsActive flexBool `json:"is_active"`
}

type apiKeyFields APIKey

// apiKey returns the decoded credential.
func (w *apiKeyAnswer) apiKey() APIKey {
	k := APIKey(w.apiKeyFields)
	k.IsActive = bool(w.IsActive)
	return k
}

// bindRaw records where the credential is in the answer.
func (k *APIKey) bindRaw(raw jsonx.Raw) { k.raw = raw }

// bindRaw records where the credential is in the answer.
func (w *apiKeyAnswer) bindRaw(raw jsonx.Raw) { w.raw = raw }

// RawJSON returns the credential as Workpath sent it; it holds the secret after Create.
func (k *APIKey) RawJSON() json.RawMessage { return k.raw.JSON() }

// APIKeyUpdateParams changes a credential.
type APIKeyUpdateParams struct {
	// IsActive activates or deactivates the credential. Workpath documents the request
	// field as a string: it is sent as "true" or "false".
	IsActive bool
}

// APIKeysService is Client.APIKeys. Its routes use HTTP Basic (WithAPIKeyAuth) and work only
// on the credentials of the client the Basic credential belongs to.
type APIKeysService struct{ c *Client }

// Create makes the client's second credential and returns it with its Secret. Workpath
// refuses a third (at most two per client). A create is not retried once it may have
// reached Workpath: on ErrOutcomeUnknown, List before creating again.
//
// POST /api-keys
func (s *APIKeysService) Create(ctx context.Context, opts ...RequestOption) (*APIKey, error) {
	return s.c.apiKey(ctx, transport.Request{Op: "api_keys.create", Method: http.MethodPost, Route: "/api-keys"}, opts)
}

// Get returns one credential by its numeric id or its key.
//
// GET /api-keys/{idOrKey}
func (s *APIKeysService) Get(ctx context.Context, idOrKey string, opts ...RequestOption) (*APIKey, error) {
	if err := checkKey("idOrKey", idOrKey); err != nil {
		return nil, err
	}
	return s.c.apiKey(ctx, transport.Request{Op: "api_keys.get", Method: http.MethodGet, Route: "/api-keys/{idOrKey}", Params: []string{idOrKey}}, opts)
}

// List returns the client's credentials (a bare array; a wrapped one decodes too).
//
// GET /api-keys/
func (s *APIKeysService) List(ctx context.Context, opts ...RequestOption) ([]APIKey, error) {
	var out list[apiKeyAnswer]
	out.key = "api_keys"
	if err := s.c.send(ctx, transport.Request{Op: "api_keys.list", Method: http.MethodGet, Route: "/api-keys/"}, authBasic, opts, &out); err != nil {
		return nil, err
	}
	keys := make([]APIKey, len(out.items))
	for i := range out.items {
		keys[i] = out.items[i].apiKey()
	}
	return keys, nil
}

// apiKey sends r (HTTP Basic) and decodes the credential it answers.
func (c *Client) apiKey(ctx context.Context, r transport.Request, opts []RequestOption) (*APIKey, error) {
	var out apiKeyAnswer
	if err := c.sendOne(ctx, r, authBasic, opts, jsonx.Into(&out, (*apiKeyAnswer).bindRaw)); err != nil {
		return nil, err
	}
	k := out.apiKey()
	return &k, nil
}

// Update activates or deactivates a credential and returns it.
//
// PUT /api-keys/{key}
func (s *APIKeysService) Update(ctx context.Context, key string, p *APIKeyUpdateParams, opts ...RequestOption) (*APIKey, error) {
	if err := checkKey("key", key); err != nil {
		return nil, err
	}
	if p == nil {
		return nil, invalid("params", "must not be nil")
	}
	body := struct {
		IsActive string `json:"is_active"`
	}{strconv.FormatBool(p.IsActive)}
	return s.c.apiKey(ctx, transport.Request{Op: "api_keys.update", Method: http.MethodPut, Route: "/api-keys/{key}", Params: []string{key}, JSON: body}, opts)
}

// Delete deletes a credential (Workpath's docs call it "Deletes a Device in a User", a
// copy-paste slip).
//
// DELETE /api-keys/{key}
func (s *APIKeysService) Delete(ctx context.Context, key string, opts ...RequestOption) (*Receipt, error) {
	if err := checkKey("key", key); err != nil {
		return nil, err
	}
	return s.c.sendReceipt(ctx, transport.Request{Op: "api_keys.delete", Method: http.MethodDelete, Route: "/api-keys/{key}", Params: []string{key}}, authBasic, opts)
}

// checkKey accepts an API key or id: one path segment of letters, digits, '-' and '_'.
func checkKey(field, key string) error {
	if strings.TrimSpace(key) == "" {
		return invalid(field, "must not be empty")
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') || i >= 64 {
			return invalid(field, "must be an API key or id (letters, digits, - and _, at most 64)")
		}
	}
	return nil
}

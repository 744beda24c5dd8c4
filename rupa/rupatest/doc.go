// Package rupatest is an in-memory fake of Rupa Health's API on
// [net/http/httptest], an event builder and a webhook sender, for labwire's
// tests and Examples and for yours. It does not import the rupa client: its
// wire structs are its own, an independent check of the wire format.
//
//	srv := rupatest.Start(t)                        // closed when the test ends
//	code, _ := srv.AuthorizeCode(rupatest.DefaultPractitionerID)
//	// rupa.NewAuthCodeFlow(rupa.AuthCodeFlowConfig{ClientID: rupatest.DefaultClientID, ...,
//	//	TokenURL: srv.TokenURL()}, rupa.WithHTTPClient(srv.Client()))
//	// exchange code, then rupa.NewClient(rupa.WithBaseURL(srv.URL), ...)
//
// # Routes
//
//   - GET /oauth/authorize: a consent page standing in for
//     https://labs.rupahealth.com/oauth/authorize ([Server.AuthorizeURL]). It
//     checks client_id, redirect_uri and response_type=code and redirects
//     (302) to the redirect URI with code and state for the consenting
//     practitioner ([Server.SetConsentingPractitioner]); a PKCE S256
//     code_challenge is checked against code_verifier at the exchange.
//   - POST /oauth/token/: an RFC 6749 token endpoint (form-encoded; client
//     id and secret as HTTP Basic or body parameters, not both), grants
//     authorization_code (codes from [Server.AuthorizeCode], single-use,
//     ten minutes, redirect_uri must be the App's) and refresh_token. It
//     answers {"access_token", "token_type":"Bearer", "expires_in",
//     "refresh_token", "scope"}; errors are {"error": "invalid_request" |
//     "invalid_client" (401) | "invalid_grant" | "unsupported_grant_type"}.
//   - POST /order-intents/: plain JSON (application/json), Bearer token. It
//     answers 201 {"id":"ordin_…","redirect_url":"<URL>/checkout/ordin_…"}
//     (checkout_url instead with [WithCheckoutURLField]).
//   - GET /patients: JSON:API; Accept must include application/vnd.api+json
//     (406 otherwise). It answers the patients of the token's practitioner's
//     clinic ([Server.AddPatient]) as {"data": [{"id","type":"patient",
//     "attributes":{first_name, last_name, email, birthday}}], "links":
//     {"next": …}, "meta": {"count": total}}, [DefaultPageSize] per page,
//     links.next carrying page[number].
//
// # What it enforces
//
//   - Every API route needs "Authorization: Bearer <token>" with a token
//     the fake issued and that has neither expired ([WithTokenTTL],
//     [WithClock]) nor been revoked ([Server.ExpireTokens]); otherwise 401.
//     Refresh tokens rotate: using one retires it.
//   - Order intents: exactly one of patient_data and patient; return_url
//     required and an absolute http(s) URL; patient_data's first_name,
//     last_name and email required, email well-formed, phone_number E.164,
//     birthday YYYY-MM-DD, shipping_address complete; patient must be a
//     patient of the practitioner's clinic; metadata an object. A refusal
//     is 400 in Rupa's error body {"code":"RupaValidationError","message",
//     "fields":{"patient_data.email":["…"]}}, whose messages never echo a
//     value. Unknown members, duplicate keys and invalid JSON are refused
//     too (the fake kit's strict reader).
//
// # Where Rupa's documentation is silent, the fake chooses
//
//   - The token endpoint's path, encoding, lifetime (one hour) and refresh
//     rotation; the scope string "read write".
//   - The error body of a 401 ({"code":"RupaNotAuthenticatedError"}) and
//     of a 406, and how field names are written in "fields".
//   - Patient paging (page[number], links.next, meta.count): Rupa documents
//     none.
//   - The checkout link's URL. Lab test ids are not checked against a
//     catalog (Rupa's catalog endpoint is not public).
//
// # Events and the sender
//
// [EventBuilder] makes order.new_result events shaped like Rupa's example,
// with the order's ordered tests, its practitioner and (unlike the example)
// the practitioner's clinic included; [Event.Without] drops included types.
// [Sender] delivers them signed with the scheme the test picks
// ([SignBodyHMAC], [SignTimestampedHMAC], [SignBasicAuth] or your own),
// because Rupa's scheme is not public.
//
// # Faults and recording
//
// [Server.Script] queues faults answered before authentication (a status
// such as 429 or 503, or a dropped connection), and refuses (a panic naming
// it) a route no route of the fake serves; [Server.Requests] and
// [Server.RequestsMatching] return what was received, for assertions on the
// wire. The fake logs nothing; the recorded requests hold tokens and patient
// data, so keep them out of logs too.
package rupatest

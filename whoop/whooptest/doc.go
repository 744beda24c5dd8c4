// Package whooptest is an in-memory fake of the WHOOP Partner API (Advanced
// Labs) on [net/http/httptest], for labwire's tests and Examples and for
// yours. It speaks the wire format of WHOOP's documentation, and its
// [Server.URL] is production's https://api.prod.whoop.com/developer with only
// the host changed, so a client pointed at it runs unchanged; the JavaScript
// of WHOOP's "Complete a Service Request" tutorial does, with only its host
// replaced (see testdata/tutorial.mjs). It does not import the whoop client
// package: its wire structs are its own, an independent check of that
// format. Its faults and recorded requests are the shared fake kit's
// (internal/fake), aliased as [Fault] and [Request].
//
//	srv := whooptest.Start(t) // closed when the test ends
//	req, err := srv.AddRequisition(whooptest.DefaultClientID, whooptest.LabRequisition{
//		ServiceRequests: []whooptest.ServiceRequest{{Code: "LIPID_PANEL"}},
//	})
//	// point the client at srv.URL with DefaultClientID and DefaultClientSecret,
//	// fetch req.ID, then check srv.ServiceRequest(...), srv.Results(...).
//
// # Routes
//
// Every route is served under /developer, as in production, and also
// without it (the patterns below, which [Fault.Route] and
// [Server.RequestsMatching] take, omit the prefix).
//
//   - POST /v2/partner/token: a JSON body {grant_type, client_id,
//     client_secret, scope} (not form encoded) answered 200
//     {"access_token","token_type":"bearer","expires_in":3600}.
//   - GET /v2/partner/requisition/{id}: 200 with the LabRequisition.
//   - PATCH /v2/partner/requisition/{id}/status: 204; the status goes to
//     every service request of the requisition.
//   - GET /v2/partner/service-request/{id}: 200 with the ServiceRequest.
//   - PATCH /v2/partner/service-request/{id}/status: 200 with the updated
//     ServiceRequest.
//   - POST /v2/partner/service-request/{id}/results: 201 with no body.
//   - POST /v2/partner/development/add-test-data: 204, and a
//     lab_requisition.created webhook to the partner's URL if one is set;
//     404 "Not available in production environments" with [WithProduction].
//
// # What it enforces
//
//   - Every route but the token route needs "Authorization: Bearer <token>"
//     with a token the fake issued and that has neither expired
//     ([WithTokenTTL], [WithClock]) nor been revoked ([Server.ExpireTokens]);
//     otherwise 401.
//   - Token requests: client_id and client_secret are required (400
//     invalid_request), grant_type if present must be client_credentials (400
//     unsupported_grant_type), scope if present must be whoop-partner/token
//     (400 invalid_scope); unknown credentials are 401 invalid_client.
//   - Several partners can be configured ([WithPartner]); each requisition
//     belongs to one. Another partner's requisition or service request is
//     404, as an unknown id is ("not found or partner is not an owner").
//   - The task_business_status workflow: ORDER_CONFIRMED, then
//     APPOINTMENT_ATTENDED, then PARTIAL_RESULTS_READY (optional, repeatable)
//     and FULL_RESULTS_READY. APPOINTMENT_ISSUE, RESULTS_ISSUE and ORDER_ISSUE
//     may be set from any status that is not terminal; they and
//     FULL_RESULTS_READY are terminal. Setting the current status again
//     succeeds (a retried PATCH is harmless). FULL_RESULTS_READY makes the
//     FHIR status completed and ORDER_ISSUE revoked. Anything else, or an
//     unknown status, is 400 and changes nothing; the requisition route
//     checks every service request before changing any.
//   - Results: status is one of the documented report statuses (final,
//     partial, preliminary, amended, corrected, cancelled); observations is
//     not empty; each has a code and a value_numeric (a JSON number, kept
//     exactly as sent) or a non-empty value_text; an observation status, which
//     the tutorial omits, is optional and if present a FHIR ObservationStatus.
//   - Request bodies: Content-Type application/json (415 otherwise), at most
//     1 MiB (413), one JSON value with no duplicate key and no member the
//     docs do not list (400). Member names match case-insensitively, as in
//     encoding/json.
//
// # Where WHOOP's docs are silent, the fake chooses
//
//   - Error bodies: WHOOP documents none. The fake answers {"error":"..."}
//     (an OAuth2 error code on the token route; "not found" for 404s) and
//     never echoes request data.
//   - 400 for an invalid or unknown status, and for invalid results (WHOOP
//     documents only 404 on these routes). A malformed id is 404, like an
//     unknown one. Ids are matched case-insensitively and answered in
//     lowercase.
//   - Results are accepted whatever the task_business_status, and every
//     submission is kept: a resubmitted report is stored twice.
//   - A status change updates the requisition's updated_at; results do not.
//     The reason is kept ([Server.StatusChanges]) but never answered.
//   - task_business_status is null until set; task_description is omitted
//     when empty. Appointments are answered as [] when there are none.
//   - Webhooks: one attempt, no retries, delivered before add-test-data
//     answers; the signature header is sent spelt WHOOP-Signed.
//   - No rate limiting and no Retry-After unless scripted ([Server.Script]);
//     WHOOP documents neither for partners.
//
// # Faults and recording
//
// [Server.Script] queues faults (a status such as 429 with Retry-After, 500
// or 503, or a dropped connection) answered before authentication, so that
// a client's retry handling can be tested, and refuses (a panic naming it)
// a route no route of the fake serves; [Server.PendingFaults] tells which
// were not consumed. [Server.Requests] and [Server.RequestsMatching]
// return every request received, for assertions on the wire.
//
// The fake logs nothing. Keep the recorded requests, which hold tokens and
// whatever the client sent, out of logs too.
package whooptest

//go:generate go run ../../internal/vendorgen

// Package fake is the machinery that every labwire vendor fake (whooptest,
// workpathtest, ...) is built from, so that each fake holds only its vendor's
// routes, wire structs and rules.
//
// It provides:
//
//   - [Server]: an [httptest.Server] around a vendor handler that records every
//     request ([Request]) and applies scripted faults ([Fault]) before the
//     vendor handler sees the request: a status answer (429 with Retry-After,
//     500, 503, ...) or a dropped connection. [Start] closes it when the test
//     ends; [WithPrefix] also serves every route under a base URL's path
//     prefix (WHOOP's "/developer"), [WithBasePath] only there (Ovation's
//     "/api/v3"). Its URL is the base URL a client takes; fault routes are
//     relative to it.
//   - [Mux]: the router of a vendor fake, which lets [Server.Script] refuse
//     (panic, naming it) a fault on a route no handler serves.
//   - [Tokens]: opaque bearer tokens issued to a subject (a vendor client id)
//     with an expiry on an injectable clock, checked on
//     "Authorization: Bearer <token>", revocable all at once, and counted.
//   - [WriteJSON], [WriteError] and [ReadJSON]: JSON answers, the error body
//     {"error": "..."} and strict decoding of request bodies (checked by
//     internal/jsonx first).
//
// Ids of the canonical UUID form, random or deterministic (for Examples with fixed output),
// come from internal/uuid.
//
// The package logs nothing and never puts a request body, a header value or a
// token into an error message or an error body.
//
// Vendor fakes use these types directly: they alias them (type Fault =
// fake.Fault) and wrap the Server's methods in documented one-liners, so
// nothing is converted or mirrored. Test helpers (wire assertions, canaries,
// a manual clock) are in internal/wiretest.
package fake

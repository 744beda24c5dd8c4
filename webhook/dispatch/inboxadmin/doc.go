// Package inboxadmin is an admin page for a webhook inbox: an http.Handler
// that shows operators, per source, what a dispatch.InboxAdmin holds
// (dispatch.MemoryInbox, or the Postgres inbox of
// github.com/labwire/labwire/webhook/pginbox) and lets them requeue dead
// letters and purge old completed deliveries.
//
// # What it shows
//
// Per source: the number of deliveries in each state (pending, leased,
// completed, dead), how many are retrying, the age of the oldest waiting
// delivery (by the inbox's clock), the deliveries completed in the last
// minute and the last hour; then the dead letters and the retrying
// deliveries, oldest first up to WithListLimit, each with its ID, event
// type, attempts, the category of its last failure (dispatch.Category) and
// its times (received; dead-lettered, or next try). Never a body, a header
// or a deduplication key: the key may derive from the body, so a delivery
// is named by its ID. A store error is shown as a fixed sentence, never
// the error's text.
//
// The page is rendered on the server with html/template, with no script
// and no external resource, and works without JavaScript: each action is a
// plain form that posts and is answered 303 See Other back to the page,
// which shows a fixed message chosen by a code in its query
// (?flash=<code>[&n=<count>]; the codes are requeued, requeued-source,
// purged, not-dead, bad-request, retention and store).
//
// # Routes
//
// Paths are relative to where the Handler is mounted, and every link and
// form on the page is relative too, so it works under any prefix:
//
//	GET  /                the page
//	GET  /api             the same data as JSON: a Snapshot
//	POST /requeue         requeue one dead letter: form field id
//	POST /requeue-source  requeue every dead letter of a source: form field source
//	POST /purge           purge the completed deliveries of every source finished
//	                      more than retention ago: form field retention, a Go
//	                      duration (time.ParseDuration) of at least
//	                      WithMinPurgeRetention (1h by default); anything else
//	                      is refused with a message and purges nothing
//
// Every POST also carries the form field csrf (see Security). A client
// whose Accept header names application/json and not text/html gets an
// action's outcome as JSON ({"ok", "code", "message", "count"}) with a
// status (200; 400 bad input; 409 not a dead letter; 503 store failure)
// instead of the redirect. GET never changes anything; other methods are
// answered 405.
//
// # Security
//
// The page is closed by default: New requires an authorize function, called
// first on every request; a request it refuses is answered 403 (or by
// WithUnauthorizedHandler) and gets no data and no token. Every action is
// a POST that must pass http.CrossOriginProtection (Sec-Fetch-Site, or
// Origin against Host; see WithTrustedOrigin) and carry a token: the page
// sets a random nonce in a cookie (CookieName: HttpOnly, SameSite=Strict,
// Secure over TLS) and puts an HMAC of it, under a key only the server
// knows, in each form. A page on another site can neither read the token
// nor compute one for a cookie it managed to plant. Behind a load balancer,
// give every replica the same key (WithCSRFKey). A client that does not
// keep cookies cannot act. Every response carries a Content-Security-Policy
// that allows no script and no framing (the inline style is allowed by its
// hash), X-Frame-Options: DENY, X-Content-Type-Options: nosniff,
// Cache-Control: no-store and Referrer-Policy: no-referrer.
//
// Nothing is logged unless WithLogger is given, and then only fixed words:
// the operation, an error's dispatch.Category, the reason of a refusal, and
// an action's counts, ID or source.
//
// # Mounting
//
// Mount it under a prefix with http.StripPrefix, behind your own
// authentication; here HTTP Basic authentication, with the browser asked
// for credentials by a 401:
//
//	want := sha256.Sum256([]byte("operator:" + password))
//	h, err := inboxadmin.New(ib, func(r *http.Request) bool {
//		user, pass, ok := r.BasicAuth()
//		got := sha256.Sum256([]byte(user + ":" + pass))
//		return ok && subtle.ConstantTimeCompare(got[:], want[:]) == 1
//	}, inboxadmin.WithUnauthorizedHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
//		w.Header().Set("WWW-Authenticate", `Basic realm="inbox admin", charset="UTF-8"`)
//		http.Error(w, "unauthorized", http.StatusUnauthorized)
//	})))
//	if err != nil {
//		return err
//	}
//	mux.Handle("/admin/inbox/", http.StripPrefix("/admin/inbox", h))
//
// Serve it over TLS only. Mounted at "/admin/inbox/", a request for
// "/admin/inbox" is redirected to "/admin/inbox/" (by http.ServeMux, or by
// the Handler when mounted without the trailing slash).
//
// # Element ids for browser tests
//
// The page keeps these ids and attributes stable. <S> is a source and <ID>
// a record ID, each written by Anchor (ASCII letters, digits and '-' kept,
// any other byte as _hh), so "#requeue-42" and "#count-whoop-dead" are
// plain CSS selectors; the data- attributes hold the values unchanged.
//
//	#flash                  the message after an action: data-kind ("ok", "error"),
//	                        data-code (a flash code), data-count (when it has one)
//	#store-error            shown when the inbox could not be read
//	#empty                  shown when the inbox holds nothing
//	#now                    the inbox's clock (<time datetime>)
//	#reload, #json          links to the page and to its JSON
//	#overview               the table of sources; its rows are #overview-<S> [data-source]
//	#count-<S>-<state>      a state's count: data-state, data-count (state: pending,
//	                        leased, completed, dead, or another an inbox reports)
//	#retrying-<S>           the retrying count: data-count
//	#oldest-<S>             the oldest waiting delivery: data-age-seconds (absent if none)
//	#throughput-minute-<S>  completed in the last minute: data-count
//	#throughput-hour-<S>    completed in the last hour: data-count
//	#source-<S>             a source's section [data-source]
//	#dead-<S>               its dead letters' table; #dead-none-<S> when it has none;
//	                        #dead-more-<S> [data-count] when some are not listed
//	#retrying-list-<S>      its retrying deliveries' table; #retrying-none-<S>,
//	                        #retrying-more-<S> likewise
//	#record-<ID>            a listed delivery's row: data-id, data-state,
//	                        data-event-type, data-attempts, data-cause
//	#requeue-<ID>           the button that requeues that dead letter
//	                        [data-action="requeue"][data-id]
//	#requeue-source-<S>     the button that requeues all of a source's dead letters
//	                        [data-action="requeue-source"][data-source]
//	#purge-form, #purge-retention, #purge
//	                        the purge form, its retention field and its button
//
// Each button sits in its own form, with the token in a hidden field named
// csrf.
package inboxadmin

package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
	"github.com/labwire/labwire/workpath"
	"github.com/labwire/labwire/workpath/workpathtest"
)

// setupWorkpath starts the Workpath fake and the lab's client, subscribes the lab's
// webhook route (HTTP Basic on /webhooks) and verifies deliveries with the subscription's
// secret.
func (w *world) setupWorkpath(ctx context.Context, mux *http.ServeMux) error {
	fake, err := workpathtest.NewServer(workpathtest.WithWebhookClient(w.webhookClient()))
	if err != nil {
		return err
	}
	w.workpathFake = fake
	st := w.stats.calls[vendorWorkpath]
	w.workpath, err = workpath.NewClient(
		workpath.WithBaseURL(fake.URL),
		workpath.WithClientCredentials(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword, workpath.TokenAuthBasic),
		workpath.WithAPIKeyAuth(workpathtest.DefaultAPIKey, workpathtest.DefaultAPIPassword),
		workpath.WithMiddleware(st.middleware),
		workpath.WithLogger(st.logger()),
		workpath.WithMaxRetries(maxRetries),
		workpath.WithRetryWait(w.cfg.retryMin, w.cfg.retryMax),
		workpath.WithAppInfo("labflow", "1"),
	)
	if err != nil {
		return err
	}
	if w.cfg.faults {
		w.workpathFake.Script(
			// The token endpoint is retried like a read.
			workpathtest.Fault{Route: workpathtest.RouteToken, Status: http.StatusServiceUnavailable},
			// Creating the subscription: a 429 is retried for every method.
			workpathtest.Fault{Route: workpathtest.RouteCreateWebhook, Status: http.StatusTooManyRequests, RetryAfter: "1"},
		)
		// A quarter of the intakes meet a 429: concurrent orders share the route's queue.
		for range (w.cfg.orders + 3) / 4 {
			w.workpathFake.Script(workpathtest.Fault{Route: workpathtest.RouteCreateIntake, Status: http.StatusTooManyRequests, RetryAfter: "1"})
		}
	}
	hs := w.stats.hooks[vendorWorkpath]
	d, err := hs.deduper()
	if err != nil {
		return err
	}
	// The route must exist before Workpath delivers to it.
	var h http.Handler = http.NotFoundHandler()
	url := w.route(mux, vendorWorkpath, http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) { h.ServeHTTP(rw, r) }))
	sub, err := w.workpath.WebhookEndpoints.Create(ctx, &workpath.WebhookEndpointParams{URL: url, Create: true, Modify: true, Destroy: true})
	if err != nil {
		return fmt.Errorf("subscribing: %w", err)
	}
	v, err := workpath.NewWebhookVerifier([]string{sub.Secret})
	if err != nil {
		return err
	}
	// Synchronous: the event is handed on before Workpath gets its 200, so a failure is
	// answered 5xx (Workpath documents no time budget; the handler is quick).
	wh, err := workpath.NewWebhookHandler(v, func(ctx context.Context, e *workpath.Event) error {
		hs.processed.Add(1)
		if e.Appointment == nil {
			return nil
		}
		return w.events.post(workpathKey(e.Appointment.ID), e)
	}, dispatch.WithSync(), dispatch.WithDeduper(d))
	if err != nil {
		return err
	}
	w.handlers = append(w.handlers, wh)
	h = wh
	return nil
}

func workpathKey(appointmentID int64) string {
	return "workpath:" + strconv.FormatInt(appointmentID, 10)
}

// bookHomeDraw creates the intake; the fake's default order form publishes it as an
// appointment at once, which Workpath announces with a create webhook.
func (w *world) bookHomeDraw(ctx context.Context, requisitionID string) (int64, error) {
	lat, lon := 37.5407246, -77.4360481
	res, err := w.workpath.Intakes.Create(ctx, &workpath.IntakeCreateParams{
		OrderForm: workpathtest.DefaultOrderForm,
		Provider:  &workpath.Provider{FirstName: "Test", LastName: "Provider", NPI: "1234567893"},
		Patient: &workpath.Patient{FirstName: "Testy", LastName: "McTestface", Phone: "+18045550123",
			Email: "testy@example.test", BiologicalSex: workpath.BiologicalSexFemale},
		Services:  []workpath.IntakeService{{ID: workpathtest.DefaultService, DiagnosisCodes: []string{"Z00.00"}}},
		StartTime: time.Now().Add(48 * time.Hour).Truncate(time.Hour).UTC(),
		Location: &workpath.Address{Street: "123 Fourth St", City: "Richmond", State: "VA", Zip: "23219",
			Country: "US", Latitude: &lat, Longitude: &lon},
		Notes: "Synthetic labflow order for WHOOP requisition " + requisitionID,
	})
	if err != nil {
		return 0, err
	}
	if res.Object == nil || res.Object.Appointment == nil {
		return 0, fmt.Errorf("the intake was not published as an appointment")
	}
	return *res.Object.Appointment, nil
}

// housecallStatuses are the specialist's moves, Workpath's statuses from acceptance on.
var housecallStatuses = []workpath.AppointmentStatus{
	workpath.AppointmentStatusAccepted,
	workpath.AppointmentStatusReadyForAppointment,
	workpath.AppointmentStatusOnTheWay,
	workpath.AppointmentStatusArrived,
	workpath.AppointmentStatusInProgress,
	workpath.AppointmentStatusComplete,
}

// attendHomeDraw plays Workpath's specialist (each move sends a modify webhook) and waits
// for the webhook that says Complete; then reads the appointment back.
func (w *world) attendHomeDraw(ctx context.Context, id int64) (int, error) {
	if w.cfg.faults {
		path := "GET /appointments/" + strconv.FormatInt(id, 10)
		w.workpathFake.Script(
			workpathtest.Fault{Route: path, Status: http.StatusBadGateway},
			workpathtest.Fault{Route: path, Drop: workpathtest.DropBeforeBody},
		)
	}
	// The specialist's app runs beside the lab; the lab waits for it before moving on, so
	// that every delivery (duplicates included) has ended when the step does.
	visit := make(chan struct{})
	go func() {
		defer close(visit)
		for _, st := range housecallStatuses {
			if ctx.Err() != nil || !w.workpathFake.SetStatus(id, string(st)) {
				return
			}
		}
	}()
	defer func() { <-visit }()
	key := workpathKey(id)
	defer w.events.close(key)
	seen := 0
	_, err := w.events.wait(ctx, key, func(v any) bool {
		e := v.(*workpath.Event)
		seen++
		return e.Action == workpath.EventActionModify && e.Appointment.Status == workpath.AppointmentStatusComplete
	})
	if err != nil {
		return seen, err
	}
	a, err := w.workpath.Appointments.Get(ctx, id)
	if err != nil {
		return seen, err
	}
	if a.Status != workpath.AppointmentStatusComplete {
		return seen, fmt.Errorf("appointment %d reads %q after the Complete webhook", id, a.Status)
	}
	return seen, nil
}

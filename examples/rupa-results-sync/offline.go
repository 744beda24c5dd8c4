package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/labwire/labwire/rupa/rupatest"
)

// Offline, the receiver gets this verifier's scheme and secret; online they come from the
// environment.
const (
	offlineHeader = "Rupa-Signature"
	offlineSecret = "offline-rupa-webhook-secret-0123456789"
)

// offlinePractitioners are the platform's practitioners: two in clinic cli_north, one in
// cli_south.
const offlinePractitioners = "pra_amy=cli_north,pra_ben=cli_north,pra_cyd=cli_south"

// runOffline plays a day of Rupa deliveries against the receiver on a loopback port.
func runOffline(ctx context.Context, out io.Writer) error {
	clinics, err := parsePractitioners(offlinePractitioners)
	if err != nil {
		return err
	}
	s := &syncer{clinics: clinics, store: newStore(), log: out}
	h, err := newReceiver(offlineHeader, offlineSecret, s, nil)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer func() {
		_ = srv.Shutdown(context.Background())
		_ = h.Shutdown(context.Background())
	}()
	url := "http://" + ln.Addr().String() + "/webhooks/rupa"

	// Rupa's side: events of a day, built in the order Rupa created them (one minute apart).
	start := time.Date(2024, 6, 13, 9, 0, 0, 0, time.FixedZone("PDT", -7*3600))
	minute := 0
	b := &rupatest.EventBuilder{SequentialIDs: true, Now: func() time.Time {
		minute++
		return start.Add(time.Duration(minute) * time.Minute)
	}}
	// Dee is a Rupa practitioner of clinic cli_north who is not on our platform: her orders
	// still reach Amy and Ben, who share her clinic.
	dee := rupatest.Practitioner{ID: "pra_dee", ClinicID: "cli_north"}
	cyd := rupatest.Practitioner{ID: "pra_cyd", ClinicID: "cli_south"}
	lipid := func(pdf string) rupatest.OrderedTest {
		return rupatest.OrderedTest{ID: "ordts_lipid", LabTestID: "labts_lipid", ResultsPDF: pdf,
			ResultsReceived: start.Add(time.Hour)}
	}
	thyroid := func(pdf, hl7 string) rupatest.OrderedTest {
		return rupatest.OrderedTest{ID: "ordts_thyroid", LabTestID: "labts_thyroid", ResultsPDF: pdf, ResultsHL7: hl7}
	}
	order := func(tests ...rupatest.OrderedTest) rupatest.Order {
		return rupatest.Order{ID: "ord_north1", Practitioner: dee, PatientID: "pat_1", Tests: tests}
	}
	first := b.OrderNewResult(order(lipid("https://results.example/lipid-v1.pdf"), thyroid("", "")))
	second := b.OrderNewResult(order(lipid("https://results.example/lipid-v1.pdf"),
		thyroid("https://results.example/thyroid.pdf", "https://results.example/thyroid.hl7")))
	changed := b.OrderNewResult(order(lipid("https://results.example/lipid-v2-corrected.pdf"),
		thyroid("https://results.example/thyroid.pdf", "https://results.example/thyroid.hl7")))
	south := b.OrderNewResult(rupatest.Order{ID: "ord_south1", Practitioner: cyd, PatientID: "pat_2",
		Tests: []rupatest.OrderedTest{{ID: "ordts_vitd", LabTestID: "labts_vitd", ResultsPDF: "https://results.example/vitd.pdf"}}})
	elsewhere := b.OrderNewResult(rupatest.Order{ID: "ord_west1", PatientID: "pat_3",
		Practitioner: rupatest.Practitioner{ID: "pra_zed", ClinicID: "cli_west"},
		Tests:        []rupatest.OrderedTest{{ID: "ordts_cbc", ResultsPDF: "https://results.example/cbc.pdf"}}})
	other := b.OrderEvent("example.unlisted_type", rupatest.Order{ID: "ord_north1", Practitioner: dee})
	noPractitioner := b.OrderNewResult(rupatest.Order{ID: "ord_south2", Practitioner: cyd,
		Tests: []rupatest.OrderedTest{{ID: "ordts_iron", ResultsPDF: "https://results.example/iron.pdf"}}}).Without("practitioner")

	send, err := rupatest.NewSender(rupatest.SignBodyHMAC(offlineHeader, offlineSecret), nil, nil)
	if err != nil {
		return err
	}
	forger, err := rupatest.NewSender(rupatest.SignBodyHMAC(offlineHeader, "not-rupas-secret-0123456789"), nil, nil)
	if err != nil {
		return err
	}
	// Each delivery with what it should get: the answer, and whether the event is
	// dead-lettered. The run stops if a delivery gets anything else, so what it labels
	// expected is what happened.
	plan := []struct {
		what   string
		via    *rupatest.Sender
		e      rupatest.Event
		status int
		note   string // after the answer
		dead   string // why the event is dead-lettered, or "" when it is not
	}{
		{what: "first result (lipid; thyroid pending)", via: send, e: first, status: http.StatusOK},
		{what: "the same event again (Rupa's retry)", via: send, e: first, status: http.StatusOK,
			note: "a duplicate: acknowledged, not processed again"},
		{what: "the lipid result changed (a newer event)", via: send, e: changed, status: http.StatusOK},
		{what: "the thyroid result, created before the change, arriving late", via: send, e: second, status: http.StatusOK},
		{what: "clinic cli_south", via: send, e: south, status: http.StatusOK},
		{what: "a clinic none of ours is in", via: send, e: elsewhere, status: http.StatusOK},
		{what: "an event type this package does not name", via: send, e: other, status: http.StatusOK},
		{what: "practitioner not included", via: send, e: noPractitioner, status: http.StatusOK,
			dead: "no practitioner, so no clinic to match the order by", note: "acknowledged: a redelivery cannot fix it"},
		{what: "a forged delivery", via: forger, e: changed, status: http.StatusUnauthorized,
			note: "expected: signed with another secret"},
	}
	fmt.Fprintln(out, "rupa-results-sync: offline, a day of Rupa's deliveries to the receiver on loopback (set RUPA_WEBHOOK_SECRET to receive Rupa's)")
	for _, p := range plan {
		fmt.Fprintf(out, "deliver %s  %s\n", p.e.ID, p.what)
		before := s.deadLetters()
		s.expectDeadLetter(p.dead)
		status, err := p.via.Send(ctx, url, p.e)
		s.expectDeadLetter("")
		if err != nil {
			return err
		}
		note := ""
		if p.note != "" {
			note = " (" + p.note + ")"
		}
		fmt.Fprintf(out, "  → %d %s%s\n", status, http.StatusText(status), note)
		if dead := s.deadLetters() > before; status != p.status || dead != (p.dead != "") {
			return fmt.Errorf("delivery %s (%s): answered %d, dead-lettered %v; want %d, %v", p.e.ID, p.what, status, dead, p.status, p.dead != "")
		}
	}
	printSummary(out, clinics, s.store)
	return nil
}

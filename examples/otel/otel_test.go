package main

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// canaryScenario plants values that must never reach a span or a metric: the patient's name
// and date of birth (in the requisition WHOOP answers and in every webhook body), the ids
// (requisition, service request, patient, appointment) and both secrets.
func canaryScenario() scenario {
	return scenario{
		RequisitionID:    "ca7a12ee-0b5e-4ed1-9a1c-0ffee0c0ffee",
		ServiceRequestID: "ca7a5e21-0b5e-4ed1-9a1c-5e2c1ce5c0de",
		PatientID:        "CANARY-PATIENT-ID-4417",
		PatientName:      "CANARY Wilhelmina Quarrington",
		PatientBirthDate: "1923-07-19",
		AppointmentID:    987654321,
		ClientSecret:     "CANARY-CLIENT-SECRET-9d3f",
		WebhookSecret:    "CANARY-WEBHOOK-SECRET-7b1e",
	}
}

// canaries are the strings of sc to look for: every planted value, the name's parts and the
// ids' last groups (too long to turn up by chance in a trace id or a timestamp).
func canaries(sc scenario) []string {
	c := []string{sc.RequisitionID, sc.ServiceRequestID, sc.PatientID, sc.PatientName, sc.PatientBirthDate,
		strconv.FormatInt(sc.AppointmentID, 10), sc.ClientSecret, sc.WebhookSecret, "Wilhelmina", "Quarrington"}
	for _, id := range []string{sc.RequisitionID, sc.ServiceRequestID} {
		c = append(c, id[strings.LastIndex(id, "-")+1:])
	}
	return c
}

// runRecorded runs the flow with in-memory exporters.
func runRecorded(t *testing.T, sc scenario) (*flowResult, []sdktrace.ReadOnlySpan, metricdata.ResourceMetrics, string) {
	t.Helper()
	ctx := context.Background()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	var log bytes.Buffer
	res, err := runFlow(ctx, tp, mp, sc, &log)
	require.NoError(t, err)
	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(ctx, &rm))
	require.NoError(t, tp.Shutdown(ctx))
	require.NoError(t, mp.Shutdown(ctx))
	return res, rec.Ended(), rm, log.String()
}

// clientSpan is what a test compares of a span made by ClientTracing.
type clientSpan struct {
	Name   string
	Attrs  map[string]string
	Status codes.Code
}

func attrMap(kvs []attribute.KeyValue) map[string]string {
	m := map[string]string{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

// The client middleware makes one CLIENT span per attempt, a child of the caller's span,
// named and described by the call's metadata alone; the 503 attempt and its retry are two
// spans, the 503 and the 404 have status Error.
func TestClientSpans(t *testing.T) {
	t.Parallel()
	_, spans, _, _ := runRecorded(t, canaryScenario())

	var order trace.SpanContext
	for _, s := range spans {
		if s.Name() == "lab order" {
			order = s.SpanContext()
		}
	}
	require.True(t, order.IsValid(), "the caller's span was recorded")

	var got []clientSpan
	for _, s := range spans {
		if s.SpanKind() != trace.SpanKindClient {
			continue
		}
		assert.Equal(t, order.SpanID(), s.Parent().SpanID(), "%s is a child of the caller's span", s.Name())
		assert.Equal(t, instrumentationName, s.InstrumentationScope().Name)
		got = append(got, clientSpan{s.Name(), attrMap(s.Attributes()), s.Status().Code})
	}
	whoop := func(op, method, route string, attempt, status int, code codes.Code, extra ...string) clientSpan {
		return span("whoop", op, method, route, attempt, status, code, extra...)
	}
	workpath := func(op, method, route string, status int, code codes.Code, extra ...string) clientSpan {
		return span("workpath", op, method, route, 1, status, code, extra...)
	}
	assert.Equal(t, []clientSpan{
		whoop("token.client_credentials", "POST", "/v2/partner/token", 1, 200, codes.Unset),
		whoop("requisitions.get", "GET", "/v2/partner/requisition/{id}", 1, 503, codes.Error, "error.type", "503"),
		whoop("requisitions.get", "GET", "/v2/partner/requisition/{id}", 2, 200, codes.Unset, "http.request.resend_count", "1"),
		whoop("requisitions.update_status", "PATCH", "/v2/partner/requisition/{id}/status", 1, 204, codes.Unset),
		workpath("token.client_credentials", "POST", "/oauth/token", 200, codes.Unset),
		workpath("services.list", "GET", "/services", 200, codes.Unset),
		workpath("appointments.get", "GET", "/appointments/{id}", 404, codes.Error, "error.type", "404"),
	}, got)
	for _, s := range spans {
		assert.Empty(t, s.Status().Description, "no error text in %s", s.Name())
		assert.Empty(t, s.Events(), "no events (no recorded error) in %s", s.Name())
	}
}

func span(vendor, op, method, route string, attempt, status int, code codes.Code, extra ...string) clientSpan {
	attrs := map[string]string{
		"labwire.vendor": vendor, "labwire.operation": op, "labwire.attempt": strconv.Itoa(attempt),
		"http.request.method": method, "url.template": route, "http.response.status_code": strconv.Itoa(status),
	}
	for i := 0; i+1 < len(extra); i += 2 {
		attrs[extra[i]] = extra[i+1]
	}
	return clientSpan{method + " " + route, attrs, code}
}

// The Observer turns the runtime's observations into counters per kind, two latency
// histograms and the queue depth, with fixed words as attributes.
func TestWebhookMetrics(t *testing.T) {
	t.Parallel()
	res, _, rm, _ := runRecorded(t, canaryScenario())
	require.Equal(t, []int{204, 204, 204, 401, 204}, res.Answers)

	m := metricsByName(t, rm)
	typ := func(name string) string { return "labwire.webhook.event_type=" + name }
	cat := func(name string) string { return "labwire.webhook.category=" + name }
	outcome := func(name string) string { return "labwire.webhook.outcome=" + name }
	assert.Equal(t, map[string]int64{
		series(typ("lab_requisition.created")):          1,
		series(typ("clinical_report_review.requested")): 1,
		series(typ("unknown")):                          1,
	}, counter(t, m, "labwire.webhook.accepted"))
	assert.Equal(t, map[string]int64{series(): 1}, counter(t, m, "labwire.webhook.duplicate"))
	assert.Equal(t, map[string]int64{series("http.response.status_code=401"): 1}, counter(t, m, "labwire.webhook.refused"))
	assert.Equal(t, map[string]int64{
		series(typ("lab_requisition.created")):          1,
		series(typ("clinical_report_review.requested")): 1,
	}, counter(t, m, "labwire.webhook.completed"))
	assert.Equal(t, map[string]int64{
		series(typ("clinical_report_review.requested"), cat("error")): 1,
	}, counter(t, m, "labwire.webhook.retried"))
	assert.Equal(t, map[string]int64{
		series(typ("unknown"), cat("permanent")): 1,
	}, counter(t, m, "labwire.webhook.dead_lettered"))

	assert.Equal(t, map[string]uint64{
		series("http.response.status_code=204"): 4,
		series("http.response.status_code=401"): 1,
	}, histogram(t, m, "labwire.webhook.ack.duration"), "every answer, by status")
	assert.Equal(t, map[string]uint64{
		series(typ("lab_requisition.created"), outcome("completed")):                      1,
		series(typ("clinical_report_review.requested"), outcome("retried"), cat("error")): 1,
		series(typ("clinical_report_review.requested"), outcome("completed")):             1,
		series(typ("unknown"), outcome("dead_lettered"), cat("permanent")):                1,
	}, histogram(t, m, "labwire.webhook.handler.duration"), "one per handler call")
	for _, name := range []string{"labwire.webhook.ack.duration", "labwire.webhook.handler.duration"} {
		assert.Equal(t, "s", m[name].Unit)
	}

	// The last depth reported: 0 once every event is done, unless an acceptance's report
	// raced the worker's (each reads the depth, then records it), hence at most 1.
	g, ok := m["labwire.webhook.queue.depth"].Data.(metricdata.Gauge[int64])
	require.True(t, ok, "queue depth is an int64 gauge")
	require.Len(t, g.DataPoints, 1)
	assert.Equal(t, series(), g.DataPoints[0].Attributes.Encoded(attribute.DefaultEncoder()))
	assert.GreaterOrEqual(t, g.DataPoints[0].Value, int64(0))
	assert.LessOrEqual(t, g.DataPoints[0].Value, int64(1))
}

// series names a series as the SDK's encoder does: "key=value" pairs sorted by key, the
// handler's source among them.
func series(pairs ...string) string {
	pairs = append(pairs, "labwire.webhook.source=whoop")
	slices.Sort(pairs)
	return strings.Join(pairs, ",")
}

func metricsByName(t *testing.T, rm metricdata.ResourceMetrics) map[string]metricdata.Metrics {
	t.Helper()
	m := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		require.Equal(t, instrumentationName, sm.Scope.Name)
		for _, x := range sm.Metrics {
			m[x.Name] = x
		}
	}
	return m
}

func counter(t *testing.T, m map[string]metricdata.Metrics, name string) map[string]int64 {
	t.Helper()
	sum, ok := m[name].Data.(metricdata.Sum[int64])
	require.True(t, ok, "%s is an int64 sum", name)
	assert.True(t, sum.IsMonotonic, "%s is a counter", name)
	out := map[string]int64{}
	for _, dp := range sum.DataPoints {
		out[dp.Attributes.Encoded(attribute.DefaultEncoder())] += dp.Value
	}
	return out
}

func histogram(t *testing.T, m map[string]metricdata.Metrics, name string) map[string]uint64 {
	t.Helper()
	h, ok := m[name].Data.(metricdata.Histogram[float64])
	require.True(t, ok, "%s is a float64 histogram", name)
	out := map[string]uint64{}
	for _, dp := range h.DataPoints {
		out[dp.Attributes.Encoded(attribute.DefaultEncoder())] += dp.Count
	}
	return out
}

// No planted value (patient name, date of birth, ids, secrets) reaches any span name,
// attribute, event, status or link, or any metric's name, description or attributes, though
// the flow did read them: the positive check below proves the data went through.
func TestNoPHIInTelemetry(t *testing.T) {
	t.Parallel()
	sc := canaryScenario()
	res, spans, rm, log := runRecorded(t, sc)

	// The canaries were there to leak: in the requisition read and in every body handled.
	assert.Contains(t, string(res.Requisition.Patient.RawJSON()), sc.PatientName)
	require.Len(t, res.Handled, 4, "created, the review twice, the unknown type")
	for _, b := range res.Handled {
		assert.Contains(t, string(b), sc.PatientName)
		assert.Contains(t, string(b), sc.RequisitionID)
	}

	var texts []string
	add := func(where string, s ...string) {
		for _, x := range s {
			texts = append(texts, where+": "+x)
		}
	}
	addAttrs := func(where string, kvs []attribute.KeyValue) {
		for _, kv := range kvs {
			add(where, string(kv.Key), kv.Value.String())
		}
	}
	for _, s := range spans {
		where := "span " + s.Name()
		add(where, s.Name(), s.Status().Description, s.InstrumentationScope().Name)
		addAttrs(where, s.Attributes())
		addAttrs(where+" resource", s.Resource().Attributes())
		for _, e := range s.Events() {
			add(where+" event", e.Name)
			addAttrs(where+" event", e.Attributes)
		}
		for _, l := range s.Links() {
			addAttrs(where+" link", l.Attributes)
		}
	}
	addAttrs("metric resource", rm.Resource.Attributes())
	for _, sm := range rm.ScopeMetrics {
		for _, x := range sm.Metrics {
			where := "metric " + x.Name
			add(where, x.Name, x.Description, x.Unit)
			for _, set := range attributeSets(t, x.Data) {
				addAttrs(where, set.ToSlice())
			}
		}
	}
	require.NotEmpty(t, texts)
	add("flow log", strings.Split(log, "\n")...)
	for _, text := range texts {
		for _, c := range canaries(sc) {
			assert.NotContains(t, text, c)
		}
	}
}

// attributeSets returns the attribute set of each data point of a metric, whatever its type.
func attributeSets(t *testing.T, data metricdata.Aggregation) []attribute.Set {
	t.Helper()
	var sets []attribute.Set
	switch d := data.(type) {
	case metricdata.Sum[int64]:
		for _, dp := range d.DataPoints {
			sets = append(sets, dp.Attributes)
		}
	case metricdata.Sum[float64]:
		for _, dp := range d.DataPoints {
			sets = append(sets, dp.Attributes)
		}
	case metricdata.Gauge[int64]:
		for _, dp := range d.DataPoints {
			sets = append(sets, dp.Attributes)
		}
	case metricdata.Gauge[float64]:
		for _, dp := range d.DataPoints {
			sets = append(sets, dp.Attributes)
		}
	case metricdata.Histogram[int64]:
		for _, dp := range d.DataPoints {
			sets = append(sets, dp.Attributes)
		}
	case metricdata.Histogram[float64]:
		for _, dp := range d.DataPoints {
			sets = append(sets, dp.Attributes)
		}
	default:
		t.Fatalf("unexpected metric data %T: extend attributeSets", data)
	}
	return sets
}

// What `go run .` prints: the flow's lines, the spans and the metrics through the stdout
// exporters, and none of the planted values.
func TestRunPrintsSpansAndMetrics(t *testing.T) {
	t.Parallel()
	sc := canaryScenario()
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out, sc))
	text := out.String()
	for _, want := range []string{
		"== flow", "== spans (stdouttrace)", "== metrics (stdoutmetric)",
		`"Name": "GET /v2/partner/requisition/{id}"`, `"Name": "lab order"`,
		`"Name": "labwire.webhook.accepted"`, `"Name": "labwire.webhook.dead_lettered"`,
		`"Name": "labwire.webhook.queue.depth"`,
	} {
		assert.Contains(t, text, want)
	}
	for _, c := range canaries(sc) {
		assert.NotContains(t, text, c)
	}
	assert.Equal(t, 1, strings.Count(text, `"Name": "labwire.webhook.handler.duration"`), "one export, at shutdown")
}

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/labwire/labwire/webhook/dispatch"
)

// summarize extracts the event type and resource id from a verified body.
// Each vendor's function decodes only those fields, so no patient data is
// ever read, let alone printed.
type summarize func(body []byte) (eventType, id string, err error)

// Workpath: {"type":"Appointment","action":"modify","eventTs":...,"data":{"id":...}}
func workpathSummary(body []byte) (string, string, error) {
	var e struct {
		Type   string `json:"type"`
		Action string `json:"action"`
		Data   struct {
			ID json.RawMessage `json:"id"`
		} `json:"data"`
	}
	err := decode(body, &e)
	typ := e.Type
	if e.Action != "" {
		typ += "." + e.Action
	}
	return typ, idText(e.Data.ID), err
}

// Ovation: {"eventType":"report_signed","requisitionIdentifier":"...",...}
func ovationSummary(body []byte) (string, string, error) {
	var e struct {
		EventType             string          `json:"eventType"`
		RequisitionIdentifier json.RawMessage `json:"requisitionIdentifier"`
	}
	err := decode(body, &e)
	return e.EventType, idText(e.RequisitionIdentifier), err
}

// Rupa: {"type":"order.new_result","data":{"object":{"id":"...","type":"order",...}}}
func rupaSummary(body []byte) (string, string, error) {
	var e struct {
		Type string `json:"type"`
		Data struct {
			Object struct {
				ID json.RawMessage `json:"id"`
			} `json:"object"`
		} `json:"data"`
	}
	err := decode(body, &e)
	return e.Type, idText(e.Data.Object.ID), err
}

// decode reads the two fields this program prints from a verified body. It refuses invalid
// UTF-8 rather than printing U+FFFD. The vendor packages' ParseEvent functions decode whole
// events strictly (duplicate keys, trailing data); this program, which prints a type and an
// id, needs no more than encoding/json.
func decode(body []byte, v any) error {
	if !utf8.Valid(body) {
		return errors.New("body is not UTF-8")
	}
	return json.Unmarshal(body, v)
}

// idText renders a JSON string or number id; anything else is "-".
func idText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return "-"
}

// eventPrinter prints one line per accepted event.
type eventPrinter struct {
	mu sync.Mutex
	w  io.Writer
}

func newEventPrinter(w io.Writer) *eventPrinter { return &eventPrinter{w: w} }

// accept summarizes a verified body and prints it.
func (p *eventPrinter) accept(vendor string, body []byte, sum summarize) error {
	typ, id, err := sum(body)
	if err != nil {
		return fmt.Errorf("%s: verified payload not decodable: %w", vendor, err)
	}
	return p.print(vendor, typ, id)
}

// print writes one line for an accepted event: vendor, type and resource id only.
func (p *eventPrinter) print(vendor, typ, id string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	_, err := fmt.Fprintf(p.w, "accepted vendor=%s type=%s id=%s\n", vendor, clean(typ), clean(id))
	return err
}

// handler is the synchronous next handler: it prints the event, or answers
// 400 (releasing the dedup key) when the verified body is not what the vendor
// documents.
func (p *eventPrinter) handler(vendor string, sum summarize) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := dispatch.BodyFromContext(r.Context())
		if !ok || p.accept(vendor, body, sum) != nil {
			w.WriteHeader(http.StatusBadRequest)
		}
	})
}

// clean keeps a partner-supplied value to one short line of visible ASCII,
// so it cannot forge log lines.
func clean(s string) string {
	if s == "" {
		return "-"
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r >= 0x7f || r == '"' || r == '=' {
			return '_'
		}
		return r
	}, s)
}

package inboxadmin

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/labwire/labwire/webhook/dispatch"
)

// pageData is what the page template renders.
type pageData struct {
	Snapshot
	States       []dispatch.InboxState // the count columns
	Flash        *flash
	StoreError   bool
	MinRetention string
	Now          time.Time
}

// columns returns the states to show: dispatch's four, then any other an
// inbox reported, sorted.
func columns(sources []Source) []dispatch.InboxState {
	out := slices.Clone(knownStates)
	var extra []dispatch.InboxState
	for _, s := range sources {
		for st := range s.Counts {
			if !slices.Contains(out, st) && !slices.Contains(extra, st) {
				extra = append(extra, st)
			}
		}
	}
	slices.Sort(extra)
	return append(out, extra...)
}

// Anchor turns s (a source or a record ID) into the part of an element id
// that stands for it: ASCII letters, digits and '-' are kept, every other
// byte is written _hh (lower-case hex), so the id is a plain CSS identifier
// and distinct values give distinct ids.
func Anchor(s string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "_%02x", c)
	}
	return b.String()
}

// ts formats t for people, in UTC.
func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// machine formats t for <time datetime>.
func machine(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// ago says how long before now t was ("3m 5s ago"), or how long after
// ("in 3m 5s").
func ago(now, t time.Time) string {
	if t.IsZero() || now.IsZero() {
		return ""
	}
	if d := now.Sub(t); d >= 0 {
		return short(d) + " ago"
	}
	return "in " + short(t.Sub(now))
}

// short writes d in at most its two largest units: "2d 3h", "4m 10s",
// "0s".
func short(d time.Duration) string {
	d = d.Round(time.Second)
	var parts []string
	for _, u := range []struct {
		n    time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		q := d / u.n
		d -= q * u.n
		switch {
		case q > 0:
			parts = append(parts, fmt.Sprintf("%d%s", q, u.name))
		case len(parts) > 0:
			return parts[0]
		}
		if len(parts) == 2 {
			break
		}
	}
	if len(parts) == 0 {
		return "0s"
	}
	return strings.Join(parts, " ")
}

// seconds is now - t in whole seconds, at least 0.
func seconds(now, t time.Time) int64 { return int64(max(now.Sub(t), 0) / time.Second) }

// style is the page's only styling, allowed by its hash in the CSP.
const style = `body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1a1a1a}
table{border-collapse:collapse;margin:.5rem 0 1rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.flash{padding:.5rem .75rem;border-radius:4px}
.ok{background:#e6f4ea}
.error{background:#fce8e6}
.muted{color:#555}
form{margin:0}
section{margin-top:2rem}
`

var styleHash = func() string {
	sum := sha256.Sum256([]byte(style))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}()

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"anchor":  Anchor,
	"ts":      ts,
	"machine": machine,
	"ago":     ago,
	"seconds": seconds,
	"count":   func(m map[dispatch.InboxState]int64, s dispatch.InboxState) int64 { return m[s] },
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Webhook inbox</title>
<style>` + style + `</style>
</head>
<body>
<h1>Webhook inbox</h1>
<p class="muted">{{if not .Now.IsZero}}As of <time id="now" datetime="{{machine .Now}}">{{ts .Now}}</time> (the inbox's clock). {{end}}<a id="reload" href="./">Reload</a> · <a id="json" href="api">JSON</a></p>
{{with .Flash}}<p id="flash" class="flash {{.Kind}}" role="status" data-kind="{{.Kind}}" data-code="{{.Code}}"{{if ge .Count 0}} data-count="{{.Count}}"{{end}}>{{.Message}}</p>
{{end}}{{if .StoreError}}<p id="store-error" class="flash error" role="alert">The inbox could not be read. Try again later.</p>
{{else if not .Sources}}<p id="empty">The inbox holds no deliveries.</p>
{{else}}<table id="overview">
<thead><tr><th scope="col">Source</th>{{range .States}}<th scope="col">{{.}}</th>{{end}}<th scope="col">retrying</th><th scope="col">oldest waiting</th><th scope="col">completed, last minute</th><th scope="col">completed, last hour</th></tr></thead>
<tbody>
{{range $s := .Sources}}{{$a := anchor $s.Source}}<tr id="overview-{{$a}}" data-source="{{$s.Source}}">
<th scope="row"><a href="#source-{{$a}}">{{$s.Source}}</a></th>
{{range $.States}}<td class="n" id="count-{{$a}}-{{anchor (print .)}}" data-state="{{.}}" data-count="{{count $s.Counts .}}">{{count $s.Counts .}}</td>
{{end}}<td class="n" id="retrying-{{$a}}" data-count="{{$s.Retrying}}">{{$s.Retrying}}</td>
<td id="oldest-{{$a}}"{{if not $s.OldestWaiting.IsZero}} data-age-seconds="{{seconds $s.Now $s.OldestWaiting}}"{{end}}>{{if $s.OldestWaiting.IsZero}}none{{else}}<time datetime="{{machine $s.OldestWaiting}}">{{ago $s.Now $s.OldestWaiting}}</time>{{end}}</td>
<td class="n" id="throughput-minute-{{$a}}" data-count="{{$s.CompletedLastMinute}}">{{$s.CompletedLastMinute}}</td>
<td class="n" id="throughput-hour-{{$a}}" data-count="{{$s.CompletedLastHour}}">{{$s.CompletedLastHour}}</td>
</tr>
{{end}}</tbody>
</table>
{{range $s := .Sources}}{{$a := anchor $s.Source}}
<section id="source-{{$a}}" data-source="{{$s.Source}}">
<h2>{{$s.Source}}</h2>
<h3>Dead letters ({{count $s.Counts "dead"}})</h3>
{{if $s.DeadLetters}}<form method="post" action="requeue-source">
<input type="hidden" name="csrf" value="{{$.CSRFToken}}">
<input type="hidden" name="source" value="{{$s.Source}}">
<button type="submit" id="requeue-source-{{$a}}" data-action="requeue-source" data-source="{{$s.Source}}">Requeue all dead letters of this source</button>
</form>
<table id="dead-{{$a}}" data-source="{{$s.Source}}">
<thead><tr><th scope="col">ID</th><th scope="col">Event type</th><th scope="col">Attempts</th><th scope="col">Last failure</th><th scope="col">Received</th><th scope="col">Dead-lettered</th><th scope="col">Action</th></tr></thead>
<tbody>
{{range $s.DeadLetters}}<tr id="record-{{anchor .ID}}" data-id="{{.ID}}" data-state="{{.State}}" data-event-type="{{.EventType}}" data-attempts="{{.Attempts}}" data-cause="{{.LastCause}}">
<td>{{.ID}}</td><td>{{.EventType}}</td><td class="n">{{.Attempts}}</td><td>{{.LastCause}}</td>
<td><time datetime="{{machine .ReceivedAt}}">{{ts .ReceivedAt}}</time> <span class="muted">{{ago $s.Now .ReceivedAt}}</span></td>
<td>{{if not .FinishedAt.IsZero}}<time datetime="{{machine .FinishedAt}}">{{ts .FinishedAt}}</time> <span class="muted">{{ago $s.Now .FinishedAt}}</span>{{end}}</td>
<td><form method="post" action="requeue"><input type="hidden" name="csrf" value="{{$.CSRFToken}}"><input type="hidden" name="id" value="{{.ID}}"><button type="submit" id="requeue-{{anchor .ID}}" data-action="requeue" data-id="{{.ID}}">Requeue</button></form></td>
</tr>
{{end}}</tbody>
</table>
{{if $s.MoreDeadLetters}}<p id="dead-more-{{$a}}" data-count="{{$s.MoreDeadLetters}}">And {{$s.MoreDeadLetters}} more, not listed (the oldest are listed first).</p>
{{end}}{{else}}<p id="dead-none-{{$a}}">None.</p>
{{end}}<h3>Retrying ({{$s.Retrying}})</h3>
{{if $s.RetryingRecords}}<table id="retrying-list-{{$a}}" data-source="{{$s.Source}}">
<thead><tr><th scope="col">ID</th><th scope="col">Event type</th><th scope="col">Attempts</th><th scope="col">Last failure</th><th scope="col">Received</th><th scope="col">Next try</th></tr></thead>
<tbody>
{{range $s.RetryingRecords}}<tr id="record-{{anchor .ID}}" data-id="{{.ID}}" data-state="{{.State}}" data-event-type="{{.EventType}}" data-attempts="{{.Attempts}}" data-cause="{{.LastCause}}">
<td>{{.ID}}</td><td>{{.EventType}}</td><td class="n">{{.Attempts}}</td><td>{{.LastCause}}</td>
<td><time datetime="{{machine .ReceivedAt}}">{{ts .ReceivedAt}}</time> <span class="muted">{{ago $s.Now .ReceivedAt}}</span></td>
<td>{{if not .NextTryAt.IsZero}}<time datetime="{{machine .NextTryAt}}">{{ts .NextTryAt}}</time> <span class="muted">{{ago $s.Now .NextTryAt}}</span>{{end}}</td>
</tr>
{{end}}</tbody>
</table>
{{if $s.MoreRetrying}}<p id="retrying-more-{{$a}}" data-count="{{$s.MoreRetrying}}">And {{$s.MoreRetrying}} more, not listed (the oldest are listed first).</p>
{{end}}{{else}}<p id="retrying-none-{{$a}}">None.</p>
{{end}}</section>
{{end}}{{end}}
<section id="purge-section">
<h2>Purge</h2>
<form id="purge-form" method="post" action="purge">
<input type="hidden" name="csrf" value="{{.CSRFToken}}">
<label for="purge-retention">Delete the completed deliveries of every source finished more than</label>
<input id="purge-retention" name="retention" required placeholder="72h" size="8" autocomplete="off">
<label for="purge-retention">ago</label>
<button type="submit" id="purge" data-action="purge">Purge</button>
</form>
<p class="muted">A Go duration of at least {{.MinRetention}} (such as 72h). A purged delivery's key no longer deduplicates: keep at least the senders' retry horizon. Dead letters are kept.</p>
</section>
</body>
</html>
`))

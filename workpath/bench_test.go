package workpath_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labwire/labwire/workpath"
)

// docSize is the document of the upload benchmark: 200 MiB.
const docSize = 200 << 20

// pattern is an endless, allocation-free stream of bytes.
type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i)
	}
	return len(p), nil
}

// sink is an upload endpoint that parses the multipart body as a stream and discards it.
func sink(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mr, err := r.MultipartReader()
		if err != nil {
			http.Error(w, "bad", 400)
			return
		}
		var n int64
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			m, _ := io.Copy(io.Discard, p)
			n += m
		}
		if n < docSize {
			http.Error(w, "short", 400)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":1,"name":"big.pdf","documentable":"intake","documentable_id":1}`)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// peakHeap samples the live heap every millisecond while f runs and returns the highest
// value above the level before f, in bytes.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// BenchmarkUploadDocument uploads a 200 MiB document and reports the peak live heap during
// the upload beside the document's size: streamed through workpath, and, for comparison,
// built in memory the plain stdlib way (multipart.Writer into a bytes.Buffer, http.Post).
//
//	go test ./workpath -run '^$' -bench UploadDocument -benchtime 3x
func BenchmarkUploadDocument(b *testing.B) {
	srv := sink(b)
	ctx := context.Background()
	report := func(b *testing.B, peak uint64) {
		b.ReportMetric(float64(docSize)/(1<<20), "doc-MiB")
		b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		b.SetBytes(docSize)
	}
	b.Run("workpath-streamed", func(b *testing.B) {
		c, err := workpath.NewClient(workpath.WithBaseURL(srv.URL), workpath.WithBearerToken("t"), workpath.WithAttemptTimeout(5*time.Minute))
		if err != nil {
			b.Fatal(err)
		}
		var peak uint64
		for b.Loop() {
			p := peakHeap(func() {
				_, err := c.Intakes.UploadDocument(ctx, 1, &workpath.DocumentUpload{Filename: "big.pdf", ContentType: "application/pdf",
					Content: io.LimitReader(pattern{}, docSize), Size: docSize})
				if err != nil {
					b.Fatal(err)
				}
			})
			peak = max(peak, p)
		}
		report(b, peak)
	})
	b.Run("stdlib-buffered", func(b *testing.B) {
		var peak uint64
		for b.Loop() {
			p := peakHeap(func() {
				var buf bytes.Buffer
				w := multipart.NewWriter(&buf)
				fw, _ := w.CreateFormFile("file", "big.pdf")
				_, _ = io.Copy(fw, io.LimitReader(pattern{}, docSize))
				_ = w.Close()
				resp, err := http.Post(srv.URL+"/intakes/1/documents", w.FormDataContentType(), &buf)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				_ = resp.Body.Close()
			})
			peak = max(peak, p)
		}
		report(b, peak)
	})
}

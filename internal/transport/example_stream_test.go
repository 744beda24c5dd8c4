package transport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	"github.com/labwire/labwire/internal/transport"
)

// The escape hatch: a route the vendor package does not wrap yet goes through the same
// stack. The method is upper-cased; the query never reaches errors or logs.
func ExampleClient_DoRaw() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println(r.Method, r.URL.EscapedPath(), r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"total":2}`)
	}))
	defer srv.Close()
	c, err := transport.New(transport.Settings{Vendor: "acme", BaseURL: srv.URL + "/api", Auth: transport.BearerAuth("example-key")})
	if err != nil {
		fmt.Println(err)
		return
	}

	var out struct{ Total int }
	_, err = c.DoRaw(context.Background(), &transport.RawRequest{
		Method: "get", Route: "/labs/{id}/tests", Params: []string{"lab 7"},
		Query: url.Values{"page": {"2"}},
	}, &out)
	fmt.Println(out.Total, err)

	_, err = c.DoRaw(context.Background(), &transport.RawRequest{Method: "GET", Route: "/labs?page=2"}, nil)
	fmt.Println(err)
	// Output:
	// GET /api/labs/lab%207/tests page=2
	// 2 <nil>
	// acme: invalid Route: must not hold a query: use Query
}

// A big page is decoded item by item as it arrives: Request.Decode receives the 2xx body as
// a stream capped at MaxResponseBytes, and the call is never retried once it has started.
func ExampleRequest_decode() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `[{"id":"r-1"},{"id":"r-2"},{"id":"r-3"}]`)
	}))
	defer srv.Close()
	c, err := transport.New(transport.Settings{Vendor: "acme", BaseURL: srv.URL, Auth: transport.BearerAuth("example-key")})
	if err != nil {
		fmt.Println(err)
		return
	}

	var ids []string
	_, err = c.Do(context.Background(), &transport.Request{
		Op: "requisitions.list", Method: http.MethodGet, Route: "/requisitions",
		Decode: func(r io.Reader) error {
			dec := json.NewDecoder(r)
			if _, err := dec.Token(); err != nil { // [
				return err
			}
			for dec.More() {
				var item struct{ ID string }
				if err := dec.Decode(&item); err != nil {
					return err
				}
				ids = append(ids, item.ID) // a pager yields it here
			}
			_, err := dec.Token() // ]
			return err
		},
	}, nil)
	fmt.Println(strings.Join(ids, " "), err)
	// Output:
	// r-1 r-2 r-3 <nil>
}

// A large document is uploaded from a stream, sent once and never retried, so memory stays
// flat in its size.
func ExampleRequest_stream() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := io.Copy(io.Discard, r.Body)
		fmt.Println(r.Method, r.URL.Path, r.Header.Get("Content-Type"), n)
		w.WriteHeader(http.StatusCreated)
	}))
	defer srv.Close()
	c, err := transport.New(transport.Settings{Vendor: "acme", BaseURL: srv.URL, Auth: transport.BearerAuth("example-key")})
	if err != nil {
		fmt.Println(err)
		return
	}

	resp, err := c.Do(context.Background(), &transport.Request{
		Op: "documents.upload", Method: http.MethodPost, Route: "/documents",
		ContentType: "application/pdf",
		Stream: func() (io.Reader, error) {
			return io.LimitReader(strings.NewReader(strings.Repeat("%PDF", 1<<18)), 1<<20), nil
		},
	}, nil)
	fmt.Println(resp.StatusCode, resp.Attempts, err)
	// Output:
	// POST /documents application/pdf 1048576
	// 201 1 <nil>
}

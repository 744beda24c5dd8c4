package pager_test

import (
	"context"
	"fmt"

	"github.com/labwire/labwire/internal/pager"
)

func ExampleAll() {
	// A vendor's list route, as its List method would call it: pages of two.
	data := []string{"req-1", "req-2", "req-3"}
	type params struct{ Page, Limit int }
	fetch := func(_ context.Context, p params) ([]string, pager.Next[params], error) {
		fmt.Println("fetch page", p.Page)
		from := min((p.Page-1)*p.Limit, len(data))
		items := data[from:min(from+p.Limit, len(data))]
		if len(items) < p.Limit {
			return items, pager.Next[params]{}, nil // a short page is the last
		}
		p.Page++
		return items, pager.Next[params]{Page: &p, Size: p.Limit}, nil
	}
	list := pager.List[string]{Vendor: "acme", Method: "GET", Route: "/requisitions", ID: func(id *string) string { return *id }}
	for id, err := range pager.All(context.Background(), params{Page: 1, Limit: 2}, list, fetch) {
		if err != nil {
			fmt.Println("error:", err)
			break
		}
		fmt.Println(id)
	}
	// Output:
	// fetch page 1
	// req-1
	// req-2
	// fetch page 2
	// req-3
}

// Package pager turns a vendor's list route into a lazy iterator. A vendor's List method
// returns one page with the vendor's paging metadata; its All method is All or AllStream
// here over a Fetch that calls List (or streams the page: DecodePage).
//
// The iterators fetch a page only when the loop asks for an item beyond the last one, start
// no goroutine, do no I/O once the loop breaks, and yield at most one error, after which they
// stop. Each range over the iterator starts again from the first params.
//
// One rule, the same for every vendor, stops an iteration that makes no progress (a server
// whose paging metadata keeps promising more while it repeats itself): see ErrNoProgress.
package pager

import (
	"context"
	"errors"
	"hash/maphash"
	"iter"
	"maps"
	"strconv"

	"github.com/labwire/labwire/internal/transport"
)

// Next is what a fetch reports after its page: where paging goes on, and how full the page
// had to be for that.
type Next[P any] struct {
	// Page is the params of the next page; nil when this page is the last, because the
	// vendor's metadata says so or because the page is short (fewer items than asked for).
	Page *P
	// Size is how many items a full page holds: the page size the vendor's metadata
	// announced, else the one asked for; 0 when neither is known. A page that promises
	// another (Page not nil) with fewer items than Size makes no progress.
	Size int
}

// Fetch gets the page for params p: its items and Next. It must not modify p's slices or
// maps: they are the caller's.
type Fetch[P any, T any] func(ctx context.Context, p P) (items []T, next Next[P], err error)

// StreamFetch gets the page for params p and hands each item to yield as soon as it is
// decoded, so a page of thousands of items is never held in memory at once. The item is
// yield's to copy until yield returns (a pointer spares a large item copies on its way to
// the loop). When yield returns false it must stop decoding and return at once (its return
// values are then ignored). It returns Next after the page.
type StreamFetch[P any, T any] func(ctx context.Context, p P, yield func(*T) bool) (Next[P], error)

// List describes the list route an iterator walks, for its errors, and how its items are
// told apart, for the no-progress rule.
type List[T any] struct {
	// Vendor, Method and Route (the template) name the route in the errors the iterator
	// makes itself (a context that ended before a fetch, a page that makes no progress):
	// a *transport.RequestError like the transport's own, e.g. "ovation: GET
	// /project_templates/{projectTemplateId}/requisitions: context canceled". When
	// Vendor is empty those errors are yielded bare.
	Vendor, Method, Route string
	// ID returns an item's identity, "" when it has none; nil when the items have none.
	ID func(*T) string
}

// ErrNoProgress matches the error an iterator yields for a page that makes no progress:
//
//   - a page whose items were all on the page before it or earlier on the same page (a
//     server that ignores the page asked for, or whose metadata keeps promising more);
//   - a page holding the same items as any earlier page (a server going round in circles);
//   - a page that promises another (Next.Page) but is empty, or holds fewer items than
//     Next.Size.
//
// Items are told apart by List.ID; pages are remembered by a fingerprint of their ids, so
// the iterator's memory stays in proportion to one page, not to the whole list. The error
// also matches transport.ErrInvalidResponse (each vendor's ErrInvalidResponse): the server
// answered, but its paging cannot be used. The iteration stops there. All yields nothing
// of a page that repeats items, AllStream nothing of a page of items seen on the page
// before (see AllStream); the items of a short page are new, and yielded before the error.
var ErrNoProgress = errors.New("a page makes no progress")

// NoProgressError is the cause of the error yielded for a page that makes no progress. It
// matches ErrNoProgress and transport.ErrInvalidResponse and holds no item data.
type NoProgressError struct {
	// Page is the page's position in the iteration: 1 for the first page fetched.
	Page int
	// Reason says why, without any item's data.
	Reason string
}

// Error returns "page N makes no progress: Reason".
func (e *NoProgressError) Error() string {
	return "page " + strconv.Itoa(e.Page) + " makes no progress: " + e.Reason
}

// Is matches ErrNoProgress and transport.ErrInvalidResponse.
func (e *NoProgressError) Is(target error) bool {
	return target == ErrNoProgress || target == transport.ErrInvalidResponse
}

// fail is err as the iterator yields its own errors: in a *transport.RequestError naming
// the route, when l names one.
func (l *List[T]) fail(err error) error {
	if l.Vendor == "" {
		return err
	}
	return &transport.RequestError{Vendor: l.Vendor, Method: l.Method, Route: l.Route, Err: err}
}

// All returns an iterator over every item of every page, starting with params first (copied:
// the iterator never sees later changes to the caller's value). It stops after a page whose
// fetch returned no next page, after an empty page, and with an error matching
// ErrNoProgress at a page that makes no progress: one that repeats items is judged before
// any of them is yielded, one short of its promise after its items. A failed fetch is
// yielded once, as (zero T, err), and ends the iteration; its items, if any, are dropped.
// Breaking out of the loop stops it without another fetch. A context that has ended before
// a fetch is yielded as its error (in l's route, see List) without calling fetch.
func All[P any, T any](ctx context.Context, first P, l List[T], fetch Fetch[P, T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		p := first
		pr := newProgress()
		for page := 1; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, l.fail(err))
				return
			}
			items, next, err := fetch(ctx, p)
			if err != nil {
				yield(zero, err)
				return
			}
			pr.begin()
			for i := range items {
				pr.add(l.id(&items[i]))
			}
			if reason := pr.repeats(len(items)); reason != "" {
				yield(zero, l.fail(&NoProgressError{Page: page, Reason: reason}))
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if reason := shortOfPromise(len(items), next); reason != "" {
				yield(zero, l.fail(&NoProgressError{Page: page, Reason: reason}))
				return
			}
			if len(items) == 0 || next.Page == nil {
				return
			}
			p = *next.Page
		}
	}
}

// id is the id of an item, "" without List.ID.
func (l *List[T]) id(it *T) string {
	if l.ID == nil {
		return ""
	}
	return l.ID(it)
}

// AllStream is All over a StreamFetch, yielding a pointer to each item (every vendor's All
// yields *T), to a copy of its own: items are yielded while their page is being read. A
// fetch that fails part-way has yielded the items decoded before the failure; the error is
// yielded after them, once, and ends the iteration. A page is judged once it has been read:
// an item whose id was on the page before (or earlier on its own) is held back until an
// item with a new id comes on the same page, so that a page of items seen on the page
// before yields nothing before its error, while a page that repeats an earlier one as a
// whole has yielded its items by the time it is found out.
func AllStream[P any, T any](ctx context.Context, first P, l List[T], fetch StreamFetch[P, T]) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		var zero *T
		p := first
		pr := newProgress()
		for page := 1; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, l.fail(err))
				return
			}
			pr.begin()
			var held []T // items already seen, waiting for a new one on this page
			n, stopped := 0, false
			emit := func(it *T) bool {
				v := new(T) // the loop's own copy: the fetch reuses it, held is reused
				*v = *it
				if !yield(v, nil) {
					stopped = true
				}
				return !stopped
			}
			next, err := fetch(ctx, p, func(it *T) bool {
				if stopped {
					return false // a fetch that ignored the first false
				}
				n++
				if !pr.add(l.id(it)) {
					held = append(held, *it)
					return true
				}
				for i := range held {
					if !emit(&held[i]) {
						return false
					}
				}
				held = held[:0]
				return emit(it)
			})
			if stopped {
				return
			}
			if err != nil {
				yield(zero, err)
				return
			}
			reason := pr.repeats(n)
			if reason == "" {
				reason = shortOfPromise(n, next)
			}
			if reason != "" {
				yield(zero, l.fail(&NoProgressError{Page: page, Reason: reason}))
				return
			}
			for i := range held {
				if !emit(&held[i]) {
					return
				}
			}
			if n == 0 || next.Page == nil {
				return
			}
			p = *next.Page
		}
	}
}

// progress is what an iteration remembers of the pages it has read: the ids of the page
// before the current one and of the current one, and a fingerprint of every page's ids.
type progress struct {
	seed  maphash.Seed
	ids   map[uint64]int // an id's hash → the last page it was on (the current or the one before)
	fresh int            // ids of the current page seen on neither
	sum   uint64         // the current page's fingerprint: the sum of its distinct ids' hashes
	n     int            // the current page's distinct ids
	pages map[uint64]int // fingerprint → page
	page  int
}

func newProgress() *progress {
	return &progress{seed: maphash.MakeSeed(), ids: map[uint64]int{}, pages: map[uint64]int{}}
}

// begin starts a page, forgetting the ids of the page before the one just read.
func (p *progress) begin() {
	p.page++
	maps.DeleteFunc(p.ids, func(_ uint64, page int) bool { return page < p.page-1 })
	p.fresh, p.sum, p.n = 0, 0, 0
}

// add records an item's id and reports whether it is new: neither on the page before nor
// earlier on this one. An item without an id is always new.
func (p *progress) add(id string) bool {
	if id == "" {
		p.fresh++
		return true
	}
	h := maphash.String(p.seed, id)
	last, seen := p.ids[h]
	if seen && last == p.page {
		return false
	}
	p.ids[h] = p.page
	p.sum += h
	p.n++
	if seen {
		return false
	}
	p.fresh++
	return true
}

// repeats judges the items of the page just read, n of them: the reason it makes no
// progress (it repeats items seen before), or "".
func (p *progress) repeats(n int) string {
	if n > 0 && p.fresh == 0 {
		return "it holds only items already seen"
	}
	if p.n > 0 {
		key := p.sum ^ uint64(p.n)<<56
		if k, ok := p.pages[key]; ok {
			return "it holds the same items as page " + strconv.Itoa(k)
		}
		p.pages[key] = p.page
	}
	return ""
}

// shortOfPromise judges a page of n items against its Next: the reason it makes no
// progress (it promises another page but is empty or short), or "".
func shortOfPromise[P any](n int, next Next[P]) string {
	switch {
	case next.Page != nil && n == 0:
		return "it is empty, yet the paging metadata promises another page"
	case next.Page != nil && next.Size > 0 && n < next.Size:
		return "it holds " + strconv.Itoa(n) + " of " + strconv.Itoa(next.Size) + " items, yet the paging metadata promises another page"
	}
	return ""
}

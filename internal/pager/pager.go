// Package pager turns a vendor's list route into a lazy iterator. A vendor's List method
// returns one page with the vendor's paging metadata; its All method is All or AllStream
// here over a Fetch that calls List.
//
// The iterators fetch a page only when the loop asks for an item beyond the last one, start
// no goroutine, do no I/O once the loop breaks, and yield at most one error, after which they
// stop. Each range over the iterator starts again from the first params.
package pager

import (
	"context"
	"iter"
)

// Fetch gets the page for params p. It returns the page's items and the params of the next
// page, or nil when the metadata says this was the last page or the page is short (fewer
// items than asked for). It must not modify p's slices or maps: they are the caller's.
type Fetch[P any, T any] func(ctx context.Context, p P) (items []T, next *P, err error)

// All returns an iterator over every item of every page, starting with params first (copied:
// the iterator never sees later changes to the caller's value). It stops after a page that
// is empty or whose fetch returned a nil next. A failed fetch is yielded once, as (zero T,
// err), and ends the iteration; its items, if any, are dropped. Breaking out of the loop
// stops it without another fetch. A context that has ended before a fetch is yielded as
// its error without calling fetch.
func All[P any, T any](ctx context.Context, first P, fetch Fetch[P, T]) iter.Seq2[T, error] {
	return AllStream(ctx, first, func(ctx context.Context, p P, yield func(T) bool) (*P, error) {
		items, next, err := fetch(ctx, p)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if !yield(it) {
				return nil, nil
			}
		}
		return next, nil
	})
}

// StreamFetch gets the page for params p and hands each item to yield as soon as it is
// decoded, so a page of thousands of items is never held in memory at once. When yield
// returns false it must stop decoding and return at once (its return values are then
// ignored). It returns the params of the next page, or nil when this was the last one.
type StreamFetch[P any, T any] func(ctx context.Context, p P, yield func(T) bool) (next *P, err error)

// AllStream is All over a StreamFetch: items are yielded while their page is being read. A
// fetch that fails part-way has yielded the items decoded before the failure; the error is
// yielded after them, once, and ends the iteration.
func AllStream[P any, T any](ctx context.Context, first P, fetch StreamFetch[P, T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		p := first
		for {
			if err := ctx.Err(); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			n, stopped := 0, false
			next, err := fetch(ctx, p, func(it T) bool {
				if stopped {
					return false // a fetch that ignored the first false
				}
				n++
				if !yield(it, nil) {
					stopped = true
				}
				return !stopped
			})
			if stopped {
				return
			}
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			if n == 0 || next == nil {
				return
			}
			p = *next
		}
	}
}

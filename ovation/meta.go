package ovation

import "github.com/labwire/labwire/internal/pager"

// Meta is the paging metadata of a list answer ("meta").
type Meta struct {
	// CurrentPage is the page answered, from 1.
	CurrentPage int `json:"currentPage"`
	// PerPage is the page size Ovation used.
	PerPage int `json:"perPage"`
	// TotalEntries is the number of entries over all pages.
	TotalEntries int `json:"totalEntries"`
}

// nextPage returns where paging goes after the page asked for as page (0 meaning Ovation's
// default, 1) with perPage (0 meaning def), which held got entries: the number of the next
// page, unless this one was the last, and the size a page promising another must have
// (pager.Next.Size; the pager refuses a short or empty page that promises more, and one
// that repeats items). The next page is always the one after the page asked for, so a
// server whose meta repeats or goes back in page numbers cannot keep All on the same pages;
// a meta naming another page than the one asked for is refused (errPageMismatch).
func (m *Meta) nextPage(page, perPage, def, got int) (next int, size int, err error) {
	if perPage == 0 {
		perPage = def
	}
	asked := max(page, 1)
	if m != nil && m.CurrentPage > 0 && m.CurrentPage != asked {
		return 0, 0, errPageMismatch
	}
	size = perPage
	if m != nil && m.PerPage > 0 {
		size = m.PerPage
	}
	if !m.more(got, perPage) {
		return 0, size, nil
	}
	return asked + 1, size, nil
}

// errPageMismatch is a list answer whose meta names another page than the one asked for.
var errPageMismatch error = invalidAnswerText("ovation: the answer's meta names another page than the one asked for")

// more reports whether a page after this one holds entries, from the metadata when it is
// usable and otherwise from whether the page was full. An empty or short page whose
// metadata still promises more is the pager's to refuse.
func (m *Meta) more(got, asked int) bool {
	if m != nil && m.PerPage > 0 && m.CurrentPage > 0 && m.TotalEntries >= 0 {
		return m.CurrentPage*m.PerPage < m.TotalEntries
	}
	return got > 0 && got >= asked
}

// pageNext is the pager.Next of a page of params p (a copy), whose page number nextPage
// found: nil Page when it was the last.
func pageNext[P any](p P, setPage func(*P, int), next, size int) pager.Next[P] {
	if next == 0 {
		return pager.Next[P]{Size: size}
	}
	setPage(&p, next)
	return pager.Next[P]{Page: &p, Size: size}
}

// ptrsOf returns a pointer to each item of items (All yields *T): the items stay where the
// page decoded them, none is copied.
func ptrsOf[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}

// Package api is a package for TestMissingExamples.
package api

import (
	"context"
	"testing"
)

// Client is the root: NewClient returns it.
type Client struct {
	Orders   *OrdersService
	Settings Settings
	name     *hidden
}

// OrdersService is reached through Client.Orders.
type OrdersService struct{ Notes *NotesService }

// NotesService is reached through OrdersService.Notes.
type NotesService struct{}

// Settings is a struct field of Client.
type Settings struct{}

type hidden struct{}

// Order is returned by a method, so not an API type.
type Order struct{}

// Option configures a Client.
type Option func(*Client)

func NewClient(opts ...Option) (*Client, error)                { return &Client{}, nil }
func WithName(string) Option                                   { return nil }
func Ptr[T any](v T) *T                                        { return &v }
func Start(tb testing.TB) *Client                              { return nil }
func (c *Client) Do(context.Context) error                     { return nil }
func (c *Client) String() string                               { return "" }
func (s *OrdersService) Get(context.Context) (*Order, error)   { return nil, nil }
func (s *OrdersService) List(context.Context) ([]Order, error) { return nil, nil }
func (s *NotesService) Add(context.Context) error              { return nil }
func (Settings) Valid() bool                                   { return true }
func (hidden) Secret()                                         {}
func (Order) Total() int                                       { return 0 }
func (c *Client) unexported()                                  {}

package ovation

import (
	"context"
	"io"

	"github.com/labwire/labwire/internal/transport"
)

// fetchStream sends r and hands the 2xx answer's body to decode as a capped stream
// (transport Request.Decode): a page of 5000 requisitions is never held whole. Once decode
// has started the call is not retried, so no item is yielded twice.
func (c *Client) fetchStream(ctx context.Context, r transport.Request, opts []RequestOption, decode func(io.Reader) error) error {
	r.Decode = decode
	_, err := c.tc.Do(ctx, r.Apply(opts), nil)
	return classify(err)
}

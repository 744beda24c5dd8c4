package uuid_test

import (
	"fmt"

	"github.com/labwire/labwire/internal/uuid"
)

func ExampleSequential() {
	next := uuid.Sequential()
	fmt.Println(next())
	fmt.Println(next())
	fmt.Println(uuid.Valid(uuid.New()), uuid.Valid("../token"))
	// Output:
	// 00000000-0000-4000-8000-000000000001
	// 00000000-0000-4000-8000-000000000002
	// true false
}

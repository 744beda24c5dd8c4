package api_test

import "fmt"

func ExampleNewClient() {
	fmt.Println(1)
	// Output: 1
}

// Without an output comment it is compiled, not run: it does not count.
func ExamplePtr() {
	fmt.Println(1)
}

func ExampleOrdersService_Get_withSuffix() {
	fmt.Println(1)
	// Output: 1
}

func ExampleClient_Do() {
	// Output:
}

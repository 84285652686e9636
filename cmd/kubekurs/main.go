// Command kubekurs is an interactive Kubernetes course in the terminal, in
// Norwegian. All behaviour lives in package app; main only calls it.
package main

import "github.com/kubekurs/kubekurs/cmd/kubekurs/app"

func main() {
	app.Main()
}

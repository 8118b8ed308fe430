package store

import (
	"flag"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	// The parallel tests are those that mostly wait for other processes
	// (a writer holding the lock, children killed): four at once, unless
	// -parallel says how many.
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", "4")
	}
	code := m.Run()
	removeBenchDBs()
	os.Exit(code)
}

// Package thirdparty runs the test-only module ./upstream from the main
// module's go test ./..., which does not go into a nested module by itself.
package thirdparty

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStandInsAgainstTheRealOnes runs, where glamour gets the real chroma
// and bluemonday (./upstream): the differential test of the HTML stripper
// (its corpus, then a few seconds of fuzzing; two minutes with
// AUTONOMY_LONG=1), the golden code blocks tui's TestCodeBlockStillRenders
// holds the stand-in to, and exchange's TestMarkdownUserTextIsPlain.
func TestStandInsAgainstTheRealOnes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds glamour with the real chroma and bluemonday")
	}
	watchTheRepository(t)

	// A copy of upstream's go.mod that the go command may bring up to the
	// versions autonomy's go.mod names today, without touching the file.
	modfile := filepath.Join(t.TempDir(), "upstream.mod")
	for _, ext := range []string{".mod", ".sum"} {
		b, err := os.ReadFile(filepath.Join("upstream", "go"+ext))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimSuffix(modfile, ".mod")+ext, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	goTest := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", append([]string{"test", "-mod=mod", "-modfile=" + modfile}, args...)...)
		cmd.Dir = "upstream"
		start := time.Now()
		out, err := cmd.CombinedOutput()
		t.Logf("go test %s (in %s):\n%s", strings.Join(args, " "), time.Since(start).Round(time.Millisecond), out)
		if err != nil {
			t.Errorf("go test %s in third_party/upstream: %v", strings.Join(args, " "), err)
		}
	}

	goTest("./...")
	goTest("-run", "^TestMarkdownUserTextIsPlain$", "autonomy/exchange")
	fuzz, workers := "3000x", "1" // a count, not a time: a deadline that falls while the cached corpus is read fails the run
	if os.Getenv("AUTONOMY_LONG") == "1" {
		fuzz, workers = "2m", "2"
	}
	goTest("-run", "^$", "-fuzz", "^FuzzStrictPolicy$", "-fuzztime", fuzz, "-fuzzminimizetime", "1s", "-parallel", workers, ".")
}

// watchTheRepository lists every folder of the repository, so that go
// test's cache, which knows nothing of what the commands above read, runs
// this test again when any file changes.
func watchTheRepository(t *testing.T) {
	t.Helper()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

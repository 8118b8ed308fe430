// Package content holds the data of the workbook, embedded in the binary:
// the guide as Markdown (guide.md) and the exercise definitions
// (exercises.json). README.md in this directory documents both formats;
// package workbook loads and validates them.
package content

import "embed"

// FS holds guide.md and exercises.json.
//
//go:embed guide.md exercises.json
var FS embed.FS

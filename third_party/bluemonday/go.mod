// A stand-in for github.com/microcosm-cc/bluemonday, which glamour imports
// only to strip raw HTML from Markdown (StrictPolicy). The real package and
// its CSS parser compile dozens of regular expressions in init functions:
// 3 to 5 ms of every launch. This module keeps the two names glamour uses
// and the real strict policy's loop over the same tokenizer (whose init
// takes 0.1 ms); third_party/upstream checks that both agree. README.md
// (Layout) says how to drop it.
module github.com/microcosm-cc/bluemonday

go 1.26

require golang.org/x/net v0.39.0

// A stand-in for github.com/microcosm-cc/bluemonday, which glamour imports
// only to strip HTML from raw HTML in Markdown (StrictPolicy). The real
// package and its CSS parser compile dozens of regular expressions in init
// functions: about 3 ms of every launch, for HTML the guide does not have
// (and the person's text never goes through glamour). This module keeps
// the two names glamour uses and strips tags the same strict way.
module github.com/microcosm-cc/bluemonday

go 1.26

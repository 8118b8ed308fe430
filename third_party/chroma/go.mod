// A stand-in for github.com/alecthomas/chroma/v2, which glamour imports
// only to colour code blocks. The real package registers every lexer and
// style in its init functions: most of autonomy's start-up, paid on every
// launch. This module keeps the few names glamour uses and writes a code
// block in the Text colour of glamour's style, as the real one writes text
// it does not colour; third_party/upstream checks the two against each
// other. README.md (Layout) says how to drop it.
module github.com/alecthomas/chroma/v2

go 1.26

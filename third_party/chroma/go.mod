// A stand-in for github.com/alecthomas/chroma/v2, which glamour imports
// only to colour code blocks. The real package registers every lexer and
// style in its init functions: 22 ms of autonomy's 29 ms start-up, paid on
// every launch, though the guide has no code block. This module keeps the
// few names glamour uses and prints code as plain text.
module github.com/alecthomas/chroma/v2

go 1.26

// Package chroma is a stand-in for the syntax highlighter glamour imports:
// it keeps the types glamour names; package quick writes the code. See
// go.mod.
package chroma

// TokenType is a kind of token; only the names glamour uses exist.
type TokenType int

// The token types glamour maps its code-block styles to.
const (
	Background TokenType = iota
	Text
	Error
	Comment
	CommentPreproc
	Keyword
	KeywordReserved
	KeywordNamespace
	KeywordType
	Operator
	Punctuation
	Name
	NameBuiltin
	NameTag
	NameAttribute
	NameClass
	NameConstant
	NameDecorator
	NameException
	NameFunction
	NameOther
	Literal
	LiteralNumber
	LiteralDate
	LiteralString
	LiteralStringEscape
	GenericDeleted
	GenericEmph
	GenericInserted
	GenericStrong
	GenericSubheading
)

// StyleEntries maps token types to style strings.
type StyleEntries map[TokenType]string

// Style is a named set of entries.
type Style struct {
	Name    string
	Entries StyleEntries
}

// MustNewStyle returns a style with the given entries.
func MustNewStyle(name string, entries StyleEntries) *Style {
	return &Style{Name: name, Entries: entries}
}
